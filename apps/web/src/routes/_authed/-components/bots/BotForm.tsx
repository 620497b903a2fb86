import { Link, useNavigate } from '@tanstack/react-router';
import {
  BOT_CALLBACK_URL_MAX,
  BOT_DESCRIPTION_MAX,
  BOT_MANAGERS_MAX,
  BOT_NAME_MAX,
  type BotMessageType,
  type BotRoomEvent,
  botCreateSchema,
  botMessageTypes,
  botRoomEvents,
} from '@worksbase/schema';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { Controller, type ControllerRenderProps } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Switch } from '../../../../components/Switch.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { fieldErrorMessage } from '../../../../i18n/errors.ts';
import { type FieldProblem, useZodForm } from '../../../../lib/forms.ts';
import { type BotDetail, BotDetailFragment } from './botFragment.ts';
import { checkCallbackUrl, normalizeBotText } from './checks.ts';
import { type Person, PersonPicker } from './PersonPicker.tsx';
import { botTextMessage, FormActions, FormErrorAlert, Option, OptionsFieldset } from './shared/FormParts.tsx';

const CreateBotMutation = graphql(
  `
    mutation CreateBot($input: MutationCreateBotInput!) {
      createBot(input: $input) {
        __typename
        ... on MutationCreateBotSuccess {
          bot {
            id
            ...BotDetail_bot
          }
        }
        ... on QuotaExceededError {
          limit
        }
        ...MutationError
      }
    }
  `,
  [BotDetailFragment, MutationErrorFragment],
);

const UpdateBotMutation = graphql(
  `
    mutation UpdateBot($input: MutationUpdateBotInput!) {
      updateBot(input: $input) {
        __typename
        ... on MutationUpdateBotSuccess {
          bot {
            id
            ...BotDetail_bot
          }
        }
        ...MutationError
      }
    }
  `,
  [BotDetailFragment, MutationErrorFragment],
);

interface FormValues {
  name: string;
  description: string;
  callbackEnabled: boolean;
  callbackUrl: string;
  messageTypes: BotMessageType[];
  roomEvents: BotRoomEvent[];
  allowGroupJoin: boolean;
  managers: Person[];
  vice: Person[];
}

/** Where an issue of the shared schema or a server field error belongs in this form. */
function fieldOf(path: readonly string[]): keyof FormValues | undefined {
  const [head] = path;
  if (head === 'managerIds') return 'managers';
  if (head === 'viceManagerIds') return 'vice';
  if (head === 'name' || head === 'description' || head === 'callbackUrl' || head === 'messageTypes' || head === 'roomEvents') return head;
  return undefined;
}

function initialValues(bot: BotDetail | undefined): FormValues {
  const people = (role: 'PRIMARY' | 'VICE') =>
    (bot?.managers ?? [])
      .filter((person) => person.role === role)
      .map((person) => ({ id: person.memberId, name: person.name, loginId: person.loginId, suspended: person.suspended }));
  return {
    name: bot?.name ?? '',
    description: bot?.description ?? '',
    callbackEnabled: bot?.callbackEnabled ?? false,
    callbackUrl: bot?.callbackUrl ?? '',
    messageTypes: bot ? [...bot.messageTypes] : ['text'],
    roomEvents: bot ? [...bot.roomEvents] : [],
    allowGroupJoin: bot?.allowGroupJoin ?? false,
    managers: people('PRIMARY'),
    vice: people('VICE'),
  };
}

/** The whole bot as createBot takes it (an edit sends only what changed, but the whole must hold). */
function toInput(values: FormValues) {
  return {
    name: values.name,
    description: values.description,
    callbackEnabled: values.callbackEnabled,
    callbackUrl: values.callbackEnabled ? values.callbackUrl.trim() || null : null,
    messageTypes: values.messageTypes,
    roomEvents: values.roomEvents,
    allowGroupJoin: values.allowGroupJoin,
    managerIds: values.managers.map((person) => person.id),
    viceManagerIds: values.vice.map((person) => person.id),
  };
}

/** The shared rules, and the URL checks the API makes before it resolves the host. */
const clientSchema = botCreateSchema.superRefine((bot, ctx) => {
  const problem = bot.callbackEnabled && bot.callbackUrl ? checkCallbackUrl(bot.callbackUrl) : undefined;
  if (problem) ctx.addIssue({ code: 'custom', path: ['callbackUrl'], message: problem });
});

const outboundCodes = ['INVALID_URL', 'TOO_LONG', 'NOT_HTTPS', 'CREDENTIALS', 'FRAGMENT', 'UNRESOLVABLE', 'PRIVATE_ADDRESS'] as const;
type OutboundCode = (typeof outboundCodes)[number];

function isCallbackCode(code: string): code is OutboundCode {
  return (outboundCodes as readonly string[]).includes(code);
}

/** A problem in the reader's language where we know what it means; else the server's words. */
function describe(field: keyof FormValues, problem: FieldProblem, values: FormValues, t: TFunction): string {
  if (field === 'callbackUrl') {
    const code = isCallbackCode(problem.code) ? problem.code : checkCallbackUrl(values.callbackUrl);
    if (code) return t(`bots.form.callbackErrors.${code}`, { max: BOT_CALLBACK_URL_MAX });
    if (problem.code === 'too_big') return t('bots.form.callbackErrors.TOO_LONG', { max: BOT_CALLBACK_URL_MAX });
    if (problem.code === 'custom' && /required/i.test(problem.message)) return t('bots.form.errors.callbackRequired');
  }
  if (field === 'managers' || field === 'vice') {
    if (problem.code === 'not_found') return t('bots.form.errors.notMember');
    if (problem.code === 'too_small') return t('bots.form.errors.managersRequired');
    if (problem.code === 'too_big') return t('bots.form.errors.managersTooMany', { max: BOT_MANAGERS_MAX });
    if (/suspended/.test(problem.message)) return t('bots.form.errors.suspended');
    if (/vice person in charge/.test(problem.message)) return t('bots.form.errors.inBothRoles');
  }
  if (field === 'name') return botTextMessage(t, problem, values.name, BOT_NAME_MAX);
  if (field === 'description') return botTextMessage(t, problem, values.description, BOT_DESCRIPTION_MAX);
  return fieldErrorMessage(t, problem);
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value) => b.includes(value));

type BotFormProps = { mode: 'create'; bot?: undefined } | { mode: 'edit'; bot: BotDetail };

/** Registers a bot or edits one; on success it shows the bot's detail page. */
export function BotForm({ mode, bot }: BotFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const access = useAccess();
  const canSearchMembers = access?.canView('members') ?? false;
  const form = useZodForm<FormValues, keyof FormValues>({
    defaultValues: initialValues(bot),
    schema: clientSchema,
    toInput,
    fieldOf,
    describe,
    invalidMessage: t('bots.form.fixErrors'),
  });
  const { control, formRef, formError, fail, fieldError } = form;
  const values = form.watch();
  const [{ fetching: creating }, create] = useMutation(CreateBotMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateBotMutation);
  const busy = creating || updating;

  /** For an edit, only what changed: the server then re-checks only that (e.g. the callback URL). */
  function changes(before: BotDetail, values: FormValues) {
    const initial = initialValues(before);
    const managerIds = values.managers.map((person) => person.id);
    const viceManagerIds = values.vice.map((person) => person.id);
    const url = values.callbackUrl.trim() || null;
    return {
      ...(values.name !== initial.name && { name: values.name }),
      ...(values.description !== initial.description && { description: values.description }),
      ...(values.callbackEnabled !== initial.callbackEnabled && { callbackEnabled: values.callbackEnabled }),
      ...(values.callbackEnabled && url !== (before.callbackUrl ?? null) && { callbackUrl: url }),
      ...(!sameSet(values.messageTypes, initial.messageTypes) && { messageTypes: values.messageTypes }),
      ...(!sameSet(values.roomEvents, initial.roomEvents) && { roomEvents: values.roomEvents }),
      ...(values.allowGroupJoin !== initial.allowGroupJoin && { allowGroupJoin: values.allowGroupJoin }),
      ...(!sameList(managerIds, initial.managers.map((person) => person.id)) && { managerIds }),
      ...(!sameList(viceManagerIds, initial.vice.map((person) => person.id)) && { viceManagerIds }),
    };
  }

  async function save(values: FormValues) {
    if (mode === 'edit') {
      const input = changes(bot, values);
      if (Object.keys(input).length === 0) {
        await navigate({ to: '/bots/$botId', params: { botId: bot.id } });
        return;
      }
      const result = await update({ input: { id: bot.id, ...input } });
      const outcome = settle(t, result.data?.updateBot, result.error);
      if (outcome.ok) {
        await navigate({ to: '/bots/$botId', params: { botId: bot.id }, search: { saved: true } });
        return;
      }
      fail(outcome.message, outcome.fieldErrors.values());
      return;
    }

    const result = await create({ input: toInput(values) });
    const outcome = result.data?.createBot;
    if (outcome?.__typename === 'QuotaExceededError') {
      fail(t('bots.form.quotaExceeded', { limit: outcome.limit }));
      return;
    }
    const settled = settle(t, outcome, result.error);
    if (settled.ok) {
      await navigate({ to: '/bots/$botId', params: { botId: settled.data.bot.id }, search: { registered: true }, replace: true });
      return;
    }
    fail(settled.message, settled.fieldErrors.values());
  }

  const managerIds = new Set(values.managers.map((person) => person.id));
  const viceIds = new Set(values.vice.map((person) => person.id));

  return (
    <form ref={formRef} className="form bots-form" onSubmit={form.submit(save)} noValidate>
      <FormErrorAlert message={formError} />

      <fieldset className="form__section">
        <legend className="form__legend">{t('bots.form.profile')}</legend>
        <Controller
          control={control}
          name="name"
          render={({ field }) => (
            <BotTextField
              label={t('bots.fields.name')}
              hint={t('bots.form.nameHint', { max: BOT_NAME_MAX })}
              rows={2}
              max={BOT_NAME_MAX}
              field={field}
              error={fieldError('name')}
              showSavedAs
            />
          )}
        />
        <Controller
          control={control}
          name="description"
          render={({ field }) => (
            <BotTextField
              label={t('bots.fields.description')}
              hint={t('bots.form.descriptionHint')}
              rows={3}
              max={BOT_DESCRIPTION_MAX}
              field={field}
              error={fieldError('description')}
            />
          )}
        />
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">{t('bots.form.callbackSection')}</legend>
        <Controller
          control={control}
          name="callbackEnabled"
          render={({ field }) => (
            <Switch label={t('bots.form.callbackSwitch')} hint={t('bots.form.callbackHint')} checked={field.value} onChange={field.onChange} />
          )}
        />
        {values.callbackEnabled ? (
          <TextField
            label={t('bots.fields.callbackUrl')}
            hint={t('bots.form.callbackUrlHint')}
            type="url"
            inputMode="url"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder={t('bots.form.callbackUrlPlaceholder')}
            maxLength={2000}
            {...form.register('callbackUrl')}
            error={fieldError('callbackUrl')}
          />
        ) : (
          <p className="field__hint">{t('bots.form.callbackOffNote')}</p>
        )}
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">{t('bots.form.eventsSection')}</legend>
        <Controller
          control={control}
          name="messageTypes"
          render={({ field }) => (
            <CheckboxGroup
              legend={t('bots.fields.messageTypes')}
              hint={t('bots.form.messageTypesHint')}
              options={botMessageTypes.map((type) => ({ value: type, label: t(`bots.messageTypes.${type}`) }))}
              chosen={field.value}
              onChange={field.onChange}
              compact
            />
          )}
        />
        <Controller
          control={control}
          name="roomEvents"
          render={({ field }) => (
            <CheckboxGroup
              legend={t('bots.fields.roomEvents')}
              hint={t('bots.form.roomEventsHint')}
              options={botRoomEvents.map((event) => ({ value: event, label: t(`bots.roomEvents.${event}`) }))}
              chosen={field.value}
              onChange={field.onChange}
            />
          )}
        />
        <OptionsFieldset legend={t('bots.form.groupJoinLegend')}>
          {([false, true] as const).map((group) => (
            <Option
              key={String(group)}
              type="radio"
              name="allowGroupJoin"
              checked={values.allowGroupJoin === group}
              onChange={() => form.setValue('allowGroupJoin', group)}
              label={<span>{t(group ? 'bots.groupJoin.group' : 'bots.groupJoin.single')}</span>}
              hint={t(group ? 'bots.groupJoin.groupHint' : 'bots.groupJoin.singleHint')}
            />
          ))}
        </OptionsFieldset>
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">{t('bots.form.peopleSection')}</legend>
        <PersonPicker
          label={t('bots.fields.managers')}
          role={t('bots.people.roles.managers')}
          hint={t('bots.form.managersHint', { max: BOT_MANAGERS_MAX })}
          chosen={values.managers}
          onChange={(next) => form.setValue('managers', next, { shouldValidate: form.formState.isSubmitted })}
          max={BOT_MANAGERS_MAX}
          taken={{ ids: viceIds, label: t('bots.people.takenAs.viceManagers') }}
          error={fieldError('managers')}
          canSearch={canSearchMembers}
        />
        <PersonPicker
          label={t('bots.fields.viceManagers')}
          role={t('bots.people.roles.viceManagers')}
          hint={t('bots.form.viceManagersHint', { max: BOT_MANAGERS_MAX })}
          chosen={values.vice}
          onChange={(next) => form.setValue('vice', next, { shouldValidate: form.formState.isSubmitted })}
          max={BOT_MANAGERS_MAX}
          taken={{ ids: managerIds, label: t('bots.people.takenAs.managers') }}
          error={fieldError('vice')}
          canSearch={canSearchMembers}
        />
      </fieldset>

      <FormActions
        label={mode === 'edit' ? t('bots.form.save') : t('bots.form.create')}
        busyLabel={mode === 'edit' ? t('bots.form.saving') : t('bots.form.creating')}
        busy={busy}
      >
        {bot ? (
          <Link to="/bots/$botId" params={{ botId: bot.id }} className="button button--ghost">
            {t('bots.form.cancel')}
          </Link>
        ) : (
          <Link to="/bots" className="button button--ghost">
            {t('bots.form.cancel')}
          </Link>
        )}
      </FormActions>
    </form>
  );
}

interface BotTextFieldProps {
  label: string;
  hint: string;
  rows: number;
  max: number;
  field: ControllerRenderProps<FormValues, 'name' | 'description'>;
  error: string | undefined;
  /** Says what will be stored when line breaks or outer spaces would change the text. */
  showSavedAs?: boolean;
}

/** A multi-line text with a live character count (as the server counts: line breaks become spaces). */
function BotTextField({ label, hint, rows, max, field, error, showSavedAs = false }: BotTextFieldProps) {
  const { t } = useTranslation();
  const { value } = field;
  const id = useId();
  const normalized = normalizeBotText(value);
  const count = [...normalized].length;
  const over = count > max;
  const savedAs = showSavedAs && normalized !== '' && normalized !== value;
  const describedBy = [`${id}-hint`, `${id}-count`, savedAs ? `${id}-saved-as` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={error || over ? 'field field--invalid' : 'field'}>
      <div className="bots-form__label-row">
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        <span id={`${id}-count`} className={over ? 'bots-form__count bots-form__count--over' : 'bots-form__count'}>
          {t('bots.form.count', { count, max })}
        </span>
      </div>
      <textarea
        id={id}
        className="field__control bots-form__textarea"
        rows={rows}
        {...field}
        maxLength={max * 2}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      {savedAs ? (
        <p className="field__hint bots-form__saved-as" id={`${id}-saved-as`}>
          {t('bots.form.nameSavedAs', { name: normalized })}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface CheckboxGroupProps<Value extends string> {
  legend: string;
  hint: string;
  options: readonly { value: Value; label: string }[];
  chosen: readonly Value[];
  onChange: (next: Value[]) => void;
  /** Short labels: two columns on phones. */
  compact?: boolean;
}

function CheckboxGroup<Value extends string>({ legend, hint, options, chosen, onChange, compact = false }: CheckboxGroupProps<Value>) {
  return (
    <OptionsFieldset legend={legend} hint={hint} gridClassName={compact ? 'bots-options__grid--compact' : undefined}>
      {options.map((option) => (
        <Option
          key={option.value}
          type="checkbox"
          checked={chosen.includes(option.value)}
          onChange={(event) =>
            onChange(
              event.target.checked
                ? options.map((entry) => entry.value).filter((value) => value === option.value || chosen.includes(value))
                : chosen.filter((value) => value !== option.value),
            )
          }
          label={option.label}
        />
      ))}
    </OptionsFieldset>
  );
}
