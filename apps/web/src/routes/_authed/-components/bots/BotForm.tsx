import { Link, useNavigate } from '@tanstack/react-router';
import {
  BOT_DESCRIPTION_MAX,
  BOT_MANAGERS_MAX,
  BOT_NAME_MAX,
  type BotMessageType,
  type BotRoomEvent,
  botMessageTypes,
  botRoomEvents,
} from '@worksbase/schema';
import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Switch } from '../../../../components/Switch.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { type FieldErrorLike, fieldErrorMessage } from '../../../../i18n/errors.ts';
import { type BotDetail, BotDetailFragment } from './botFragment.ts';
import { type CallbackUrlProblem, checkBotText, checkCallbackUrl, checkPeople, normalizeBotText } from './checks.ts';
import { type Person, PersonPicker } from './PersonPicker.tsx';
import { FormActions, FormErrorAlert, Option, OptionsFieldset, textProblemMessage, useFormErrors } from './shared/FormParts.tsx';

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

/** The form's fields as the server names them (field errors come back under these names). */
type FieldName = 'name' | 'description' | 'callbackUrl' | 'messageTypes' | 'roomEvents' | 'managerIds' | 'viceManagerIds';
const fieldNames: readonly FieldName[] = ['name', 'description', 'callbackUrl', 'messageTypes', 'roomEvents', 'managerIds', 'viceManagerIds'];

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

function callbackProblemMessage(t: TFunction, problem: CallbackUrlProblem): string {
  if (problem === 'required') return t('bots.form.errors.callbackRequired');
  return t(`bots.form.callbackErrors.${problem}`, { max: 1000 });
}

function isCallbackCode(code: string): code is Exclude<CallbackUrlProblem, 'required'> | 'UNRESOLVABLE' | 'PRIVATE_ADDRESS' {
  return ['INVALID_URL', 'TOO_LONG', 'NOT_HTTPS', 'CREDENTIALS', 'FRAGMENT', 'UNRESOLVABLE', 'PRIVATE_ADDRESS'].includes(code);
}

/** A server field error in the reader's language where we know what it means; else the server's words. */
function serverFieldMessage(t: TFunction, field: FieldName, error: FieldErrorLike, values: FormValues): string {
  if (field === 'callbackUrl') {
    if (isCallbackCode(error.code)) return t(`bots.form.callbackErrors.${error.code}`, { max: 1000 });
    if (error.code === 'custom' && /required/i.test(error.message)) return t('bots.form.errors.callbackRequired');
  }
  if (field === 'managerIds' || field === 'viceManagerIds') {
    if (error.code === 'not_found') return t('bots.form.errors.notMember');
    if (error.code === 'too_small') return t('bots.form.errors.managersRequired');
    if (error.code === 'too_big') return t('bots.form.errors.managersTooMany', { max: BOT_MANAGERS_MAX });
    if (/suspended/.test(error.message)) return t('bots.form.errors.suspended');
    if (/vice person in charge/.test(error.message)) return t('bots.form.errors.inBothRoles');
  }
  if (field === 'name' || field === 'description') {
    const problem = checkBotText(values[field], field === 'name' ? BOT_NAME_MAX : BOT_DESCRIPTION_MAX);
    if (problem) return textProblemMessage(t, problem);
    return fieldErrorMessage(t, error, values[field]);
  }
  return fieldErrorMessage(t, error);
}

/** The checks the server makes that can be made here; field name → message. */
function clientErrors(t: TFunction, values: FormValues): Map<FieldName, string> {
  const errors = new Map<FieldName, string>();
  const name = checkBotText(values.name, BOT_NAME_MAX);
  if (name) errors.set('name', textProblemMessage(t, name));
  const description = checkBotText(values.description, BOT_DESCRIPTION_MAX);
  if (description) errors.set('description', textProblemMessage(t, description));
  const url = values.callbackEnabled ? checkCallbackUrl(values.callbackUrl, true) : undefined;
  if (url) errors.set('callbackUrl', callbackProblemMessage(t, url));
  const people = checkPeople(
    values.managers.map((person) => person.id),
    values.vice.map((person) => person.id),
  );
  if (people.managers) errors.set('managerIds', t(`bots.form.errors.${people.managers}`, { max: BOT_MANAGERS_MAX }));
  if (people.vice) errors.set('viceManagerIds', t(`bots.form.errors.${people.vice}`, { max: BOT_MANAGERS_MAX }));
  return errors;
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
  const [values, setValues] = useState<FormValues>(() => initialValues(bot));
  const { formRef, fieldErrors, setFieldErrors, formError, setFormError, fail } = useFormErrors<FieldName>();
  const [{ fetching: creating }, create] = useMutation(CreateBotMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateBotMutation);
  const busy = creating || updating;

  function set<K extends keyof FormValues>(name: K, value: FormValues[K]) {
    setValues((previous) => ({ ...previous, [name]: value }));
  }

  function serverErrors(errors: readonly FieldErrorLike[]): Map<FieldName, string> {
    const byField = new Map<FieldName, string>();
    for (const error of errors) {
      const field = fieldNames.find((name) => name === error.path[0]);
      if (field && !byField.has(field)) byField.set(field, serverFieldMessage(t, field, error, values));
    }
    return byField;
  }

  /** For an edit, only what changed: the server then re-checks only that (e.g. the callback URL). */
  function changes(before: BotDetail) {
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

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    const problems = clientErrors(t, values);
    if (problems.size > 0) {
      fail(t('bots.form.fixErrors'), problems);
      return;
    }
    setFieldErrors(new Map());

    if (mode === 'edit') {
      const input = changes(bot);
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
      const errors = serverErrors([...outcome.fieldErrors.values()]);
      fail(errors.size > 0 ? t('bots.form.fixErrors') : outcome.message, errors);
      return;
    }

    const result = await create({
      input: {
        name: values.name,
        description: values.description,
        callbackEnabled: values.callbackEnabled,
        callbackUrl: values.callbackEnabled ? values.callbackUrl.trim() || null : null,
        messageTypes: values.messageTypes,
        roomEvents: values.roomEvents,
        allowGroupJoin: values.allowGroupJoin,
        managerIds: values.managers.map((person) => person.id),
        viceManagerIds: values.vice.map((person) => person.id),
      },
    });
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
    const errors = serverErrors([...settled.fieldErrors.values()]);
    fail(errors.size > 0 ? t('bots.form.fixErrors') : settled.message, errors);
  }

  const managerIds = new Set(values.managers.map((person) => person.id));
  const viceIds = new Set(values.vice.map((person) => person.id));

  return (
    <form ref={formRef} className="form bots-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <FormErrorAlert message={formError} />

      <fieldset className="form__section">
        <legend className="form__legend">{t('bots.form.profile')}</legend>
        <BotTextField
          label={t('bots.fields.name')}
          hint={t('bots.form.nameHint', { max: BOT_NAME_MAX })}
          rows={2}
          max={BOT_NAME_MAX}
          value={values.name}
          onChange={(value) => set('name', value)}
          error={fieldErrors.get('name')}
          showSavedAs
        />
        <BotTextField
          label={t('bots.fields.description')}
          hint={t('bots.form.descriptionHint')}
          rows={3}
          max={BOT_DESCRIPTION_MAX}
          value={values.description}
          onChange={(value) => set('description', value)}
          error={fieldErrors.get('description')}
        />
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">{t('bots.form.callbackSection')}</legend>
        <Switch
          label={t('bots.form.callbackSwitch')}
          hint={t('bots.form.callbackHint')}
          checked={values.callbackEnabled}
          onChange={(on) => set('callbackEnabled', on)}
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
            value={values.callbackUrl}
            onChange={(event) => set('callbackUrl', event.target.value)}
            error={fieldErrors.get('callbackUrl')}
          />
        ) : (
          <p className="field__hint">{t('bots.form.callbackOffNote')}</p>
        )}
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">{t('bots.form.eventsSection')}</legend>
        <CheckboxGroup
          legend={t('bots.fields.messageTypes')}
          hint={t('bots.form.messageTypesHint')}
          options={botMessageTypes.map((type) => ({ value: type, label: t(`bots.messageTypes.${type}`) }))}
          chosen={values.messageTypes}
          onChange={(next) => set('messageTypes', next)}
          compact
        />
        <CheckboxGroup
          legend={t('bots.fields.roomEvents')}
          hint={t('bots.form.roomEventsHint')}
          options={botRoomEvents.map((event) => ({ value: event, label: t(`bots.roomEvents.${event}`) }))}
          chosen={values.roomEvents}
          onChange={(next) => set('roomEvents', next)}
        />
        <OptionsFieldset legend={t('bots.form.groupJoinLegend')}>
          {([false, true] as const).map((group) => (
            <Option
              key={String(group)}
              type="radio"
              name="allowGroupJoin"
              checked={values.allowGroupJoin === group}
              onChange={() => set('allowGroupJoin', group)}
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
          onChange={(next) => set('managers', next)}
          max={BOT_MANAGERS_MAX}
          taken={{ ids: viceIds, label: t('bots.people.takenAs.viceManagers') }}
          error={fieldErrors.get('managerIds')}
          canSearch={canSearchMembers}
        />
        <PersonPicker
          label={t('bots.fields.viceManagers')}
          role={t('bots.people.roles.viceManagers')}
          hint={t('bots.form.viceManagersHint', { max: BOT_MANAGERS_MAX })}
          chosen={values.vice}
          onChange={(next) => set('vice', next)}
          max={BOT_MANAGERS_MAX}
          taken={{ ids: managerIds, label: t('bots.people.takenAs.managers') }}
          error={fieldErrors.get('viceManagerIds')}
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
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  /** Says what will be stored when line breaks or outer spaces would change the text. */
  showSavedAs?: boolean;
}

/** A multi-line text with a live character count (as the server counts: line breaks become spaces). */
function BotTextField({ label, hint, rows, max, value, onChange, error, showSavedAs = false }: BotTextFieldProps) {
  const { t } = useTranslation();
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
        value={value}
        maxLength={max * 2}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
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
