import { Link } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { fieldErrorMessage } from '../../../../i18n/errors.ts';
import { type FieldProblem, useZodForm } from '../../../../lib/forms.ts';
import { AttendanceBotsQuery, type Linkage, LinkageFieldsFragment } from './linkage.ts';
import { TextAreaField } from './TextAreaField.tsx';
import { dateTimeLabel } from './time.ts';

const SetupLinkageMutation = graphql(
  `
    mutation SetupAttendanceLinkage($input: MutationSetupAttendanceLinkageInput!) {
      setupAttendanceLinkage(input: $input) {
        __typename
        ... on MutationSetupAttendanceLinkageSuccess {
          linkage {
            ...AttendanceLinkageFields
          }
        }
        ...MutationError
      }
    }
  `,
  [LinkageFieldsFragment, MutationErrorFragment],
);

const defaultAuthBase = 'https://auth.worksmobile.com';
const defaultApiBase = 'https://www.worksapis.com';

type Mode = 'PLATFORM' | 'EXTERNAL';

const externalKeys = ['clientId', 'clientSecret', 'serviceAccount', 'privateKey', 'botId', 'botSecret', 'authBaseUrl', 'apiBaseUrl'] as const;
type ExternalKey = (typeof externalKeys)[number];

interface SetupValues {
  mode: Mode;
  /** This platform's bot (PLATFORM). */
  botId: string;
  /** A real LINE WORKS bot's credentials (EXTERNAL). */
  external: Record<ExternalKey, string>;
}

type SetupField = 'botId' | `external.${ExternalKey}`;

/**
 * The API names an external credential by its key, under `external` or alone (e.g. a private key it
 * cannot read); a bare botId is this platform's bot.
 */
function setupFieldOf(path: readonly string[]): SetupField | undefined {
  if (path.length === 1 && path[0] === 'botId') return 'botId';
  const external = externalKeys.find((candidate) => candidate === path.at(-1));
  return external && `external.${external}`;
}

function describe(field: SetupField, problem: FieldProblem, values: SetupValues, t: TFunction): string {
  // The URLs are refused as bots' callback URLs are, with the same codes and messages.
  if (isRefusedUrlCode(problem.code)) return t(`bots.form.callbackErrors.${problem.code}`, { max: 300 });
  const key = externalKeys.find((candidate) => field === `external.${candidate}`);
  if (problem.code !== 'custom') return fieldErrorMessage(t, problem, key ? values.external[key] : values.botId);
  // The API's own words (English) follow a translated lead, so the detail is not lost.
  const lead = key ? setupErrorLeads[key] : undefined;
  return lead ? `${t(lead)} (${problem.message})` : problem.message;
}

interface LinkageSetupProps {
  linkage: Linkage | null;
  timeZone: string;
  /** Changing an enabled linkage (rather than turning it on). */
  changing: boolean;
  onCancel: (() => void) | undefined;
  onSaved: () => void;
}

/**
 * Turning the linkage on: first the terms (skipped once accepted), then the bot employees write to,
 * either one of this platform's bots or a real LINE WORKS bot whose credentials the API checks by
 * fetching a token before it saves anything.
 */
export function LinkageSetup({ linkage, timeZone, changing, onCancel, onSaved }: LinkageSetupProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const acceptedAt = linkage?.termsAcceptedAt ?? null;
  const [step, setStep] = useState<1 | 2>(acceptedAt ? 2 : 1);
  const [accepted, setAccepted] = useState(Boolean(acceptedAt));
  const [termsError, setTermsError] = useState(false);
  // The API checks these (its external linkage schema is its own, and it fetches a token with them).
  const form = useZodForm<SetupValues, SetupField>({
    defaultValues: {
      mode: linkage?.mode ?? 'PLATFORM',
      botId: linkage?.mode === 'PLATFORM' ? (linkage.botId ?? '') : '',
      external: {
        clientId: linkage?.clientId ?? '',
        clientSecret: '',
        serviceAccount: linkage?.serviceAccount ?? '',
        privateKey: '',
        botId: linkage?.externalBotId ?? '',
        botSecret: '',
        authBaseUrl: linkage?.authBaseUrl ?? defaultAuthBase,
        apiBaseUrl: linkage?.apiBaseUrl ?? defaultApiBase,
      },
    },
    fieldOf: setupFieldOf,
    describe,
  });
  const { control, register, fieldError, formError, formRef } = form;
  const mode = form.watch('mode');
  const [{ fetching }, setup] = useMutation(SetupLinkageMutation);

  async function save({ mode, botId, external }: SetupValues) {
    const result = await setup({
      input:
        mode === 'PLATFORM'
          ? { acceptTerms: accepted, mode, botId: botId || null, external: null }
          : { acceptTerms: accepted, mode, botId: null, external },
    });
    const settled = settle(t, result.data?.setupAttendanceLinkage, result.error);
    if (settled.ok) {
      onSaved();
      return;
    }
    if (settled.fieldErrors.has('acceptTerms')) {
      setAccepted(false);
      setTermsError(true);
      setStep(1);
      return;
    }
    form.fail(settled.message, settled.fieldErrors.values());
  }

  return (
    <section className="card attendance-setup" aria-labelledby={`${id}-title`}>
      <div>
        <h2 id={`${id}-title`} className="attendance-section-title">
          {changing ? t('attendance.setup.changeTitle') : t('attendance.setup.title')}
        </h2>
        <ol className="attendance-steps" aria-label={t('attendance.setup.steps.label')}>
          <li aria-current={step === 1 ? 'step' : undefined}>{t('attendance.setup.steps.terms')}</li>
          <li aria-current={step === 2 ? 'step' : undefined}>{t('attendance.setup.steps.connection')}</li>
        </ol>
        <p className="attendance-steps__label">{t('attendance.setup.stepOf', { step, total: 2 })}</p>
      </div>

      {step === 1 ? (
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!accepted) {
              setTermsError(true);
              return;
            }
            setStep(2);
          }}
        >
          <div className="attendance-terms" role="document" aria-labelledby={`${id}-terms`}>
            <h3 id={`${id}-terms`} className="attendance-terms__title">
              {t('attendance.setup.termsTitle')}
            </h3>
            <ul>
              <li>{t('attendance.setup.terms.recording', { timeZone })}</li>
              <li>{t('attendance.setup.terms.proof')}</li>
              <li>{t('attendance.setup.terms.corrections')}</li>
              <li>{t('attendance.setup.terms.secrets')}</li>
            </ul>
          </div>
          <div className={termsError ? 'field field--invalid' : 'field'}>
            <label className="attendance-check">
              <input
                type="checkbox"
                checked={accepted}
                aria-invalid={termsError ? true : undefined}
                aria-describedby={termsError ? `${id}-terms-error` : undefined}
                onChange={(event) => {
                  setAccepted(event.target.checked);
                  if (event.target.checked) setTermsError(false);
                }}
              />
              <span>{t('attendance.setup.accept')}</span>
            </label>
            {termsError ? (
              <p className="field__error" id={`${id}-terms-error`}>
                {t('attendance.setup.acceptRequired')}
              </p>
            ) : null}
          </div>
          <div className="attendance-actions">
            {onCancel ? (
              <button type="button" className="button button--secondary" onClick={onCancel}>
                {t('attendance.setup.cancel')}
              </button>
            ) : null}
            <button type="submit" className="button button--primary">
              {t('attendance.setup.next')}
            </button>
          </div>
        </form>
      ) : (
        <form ref={formRef} className="form" noValidate onSubmit={form.submit(save)} aria-busy={fetching}>
          {acceptedAt ? (
            <p className="attendance-muted">{t('attendance.setup.acceptedAt', { date: dateTimeLabel(acceptedAt, i18n.resolvedLanguage) })}</p>
          ) : null}
          {formError ? <FormAlert>{formError}</FormAlert> : null}
          <fieldset className="attendance-modes">
            <legend className="field__label">{t('attendance.setup.modeLegend')}</legend>
            {(['PLATFORM', 'EXTERNAL'] as const).map((value) => (
              <label key={value} className="attendance-mode" data-checked={mode === value ? '' : undefined}>
                <input type="radio" value={value} {...register('mode')} />
                <span className="attendance-mode__text">
                  <span className="attendance-mode__label">{t(`attendance.setup.modes.${value}`)}</span>
                  <span className="attendance-mode__description">{t(`attendance.setup.modes.${value}_description`)}</span>
                </span>
              </label>
            ))}
          </fieldset>

          {mode === 'PLATFORM' ? (
            <Controller
              control={control}
              name="botId"
              render={({ field }) => (
                <PlatformBot
                  botId={field.value}
                  current={linkage?.mode === 'PLATFORM' ? linkage.bot : null}
                  onChange={field.onChange}
                  error={fieldError('botId')}
                />
              )}
            />
          ) : (
            <div className="form__section">
              <p className="attendance-muted">{t('attendance.setup.externalIntro')}</p>
              {changing && linkage?.mode === 'EXTERNAL' ? <FormAlert tone="info">{t('attendance.setup.secretsKept')}</FormAlert> : null}
              <TextField
                label={t('attendance.setup.clientId')}
                autoComplete="off"
                spellCheck={false}
                {...register('external.clientId')}
                error={fieldError('external.clientId')}
              />
              <TextField
                label={t('attendance.setup.clientSecret')}
                type="password"
                autoComplete="new-password"
                {...register('external.clientSecret')}
                error={fieldError('external.clientSecret')}
              />
              <TextField
                label={t('attendance.setup.serviceAccount')}
                hint={t('attendance.setup.serviceAccountHint')}
                autoComplete="off"
                spellCheck={false}
                {...register('external.serviceAccount')}
                error={fieldError('external.serviceAccount')}
              />
              <Controller
                control={control}
                name="external.privateKey"
                render={({ field }) => <PrivateKeyField value={field.value} onChange={field.onChange} error={fieldError('external.privateKey')} />}
              />
              <TextField
                label={t('attendance.setup.externalBotId')}
                hint={t('attendance.setup.externalBotIdHint')}
                inputMode="numeric"
                autoComplete="off"
                {...register('external.botId')}
                error={fieldError('external.botId')}
              />
              <TextField
                label={t('attendance.setup.botSecret')}
                type="password"
                autoComplete="new-password"
                {...register('external.botSecret')}
                error={fieldError('external.botSecret')}
              />
              <fieldset className="form__section attendance-urls">
                <legend className="field__label">{t('attendance.setup.advanced')}</legend>
                <TextField
                  label={t('attendance.setup.authBaseUrl')}
                  hint={t('attendance.setup.urlHint')}
                  type="url"
                  inputMode="url"
                  spellCheck={false}
                  {...register('external.authBaseUrl')}
                  error={fieldError('external.authBaseUrl')}
                />
                <TextField
                  label={t('attendance.setup.apiBaseUrl')}
                  type="url"
                  inputMode="url"
                  spellCheck={false}
                  {...register('external.apiBaseUrl')}
                  error={fieldError('external.apiBaseUrl')}
                />
              </fieldset>
            </div>
          )}

          <div className="attendance-actions">
            {acceptedAt ? (
              onCancel ? (
                <button type="button" className="button button--secondary" onClick={onCancel} disabled={fetching}>
                  {t('attendance.setup.cancel')}
                </button>
              ) : null
            ) : (
              <button type="button" className="button button--secondary" onClick={() => setStep(1)} disabled={fetching}>
                {t('attendance.setup.back')}
              </button>
            )}
            <button type="submit" className="button button--primary" disabled={fetching}>
              {fetching ? (
                <>
                  <span className="spinner members-spinner--on-primary" aria-hidden="true" />
                  {mode === 'EXTERNAL' ? t('attendance.setup.checking') : t('attendance.setup.submitting')}
                </>
              ) : changing ? (
                t('attendance.setup.submitChange')
              ) : (
                t('attendance.setup.submit')
              )}
            </button>
          </div>
          {fetching ? (
            <p className="visually-hidden" role="status">
              {mode === 'EXTERNAL' ? t('attendance.setup.checking') : t('attendance.setup.submitting')}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}

/** Leads for the API's own explanations (field code "custom"), by field. */
const refusedUrlCodes = ['INVALID_URL', 'TOO_LONG', 'NOT_HTTPS', 'CREDENTIALS', 'FRAGMENT', 'UNRESOLVABLE', 'PRIVATE_ADDRESS'] as const;

function isRefusedUrlCode(code: string): code is (typeof refusedUrlCodes)[number] {
  return (refusedUrlCodes as readonly string[]).includes(code);
}

const setupErrorLeads: Partial<Record<string, 'attendance.setup.errors.privateKey' | 'attendance.setup.errors.credentials' | 'attendance.setup.errors.unreachable'>> = {
  privateKey: 'attendance.setup.errors.privateKey',
  clientId: 'attendance.setup.errors.credentials',
  authBaseUrl: 'attendance.setup.errors.unreachable',
};

interface PlatformBotProps {
  botId: string;
  /** The bot the linkage uses now (readable with attendance authority alone). */
  current: Linkage['bot'] | null;
  onChange: (id: string) => void;
  error: string | undefined;
}

function PlatformBot({ botId, current, onChange, error }: PlatformBotProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const canViewBots = access?.canView('bots') ?? false;
  const [{ data }] = useQuery({ query: AttendanceBotsQuery, pause: !canViewBots });
  if (!canViewBots) {
    return (
      <div className="form__section">
        {current ? <p>{t('attendance.setup.currentBot', { bot: `${current.name} (${current.botId})` })}</p> : null}
        <FormAlert tone="info">{t('attendance.setup.botsNoAuthority')}</FormAlert>
      </div>
    );
  }
  if (!data) return null;
  const bots = data.bots.edges.map((edge) => edge.node);
  if (bots.length === 0) {
    return (
      <div className="attendance-note">
        <p>{t('attendance.setup.noBots')}</p>
        {access?.canEdit('bots') ? (
          <Link to="/bots/new" className="button button--secondary">
            {t('attendance.setup.registerBot')}
          </Link>
        ) : null}
      </div>
    );
  }
  return (
    <div className="form__section">
      <SelectField
        label={t('attendance.setup.bot')}
        value={botId}
        options={[{ value: '', label: t('attendance.setup.chooseBot') }, ...bots.map((bot) => ({ value: bot.id, label: `${bot.name} (${bot.botId})` }))]}
        onChange={(event) => onChange(event.target.value)}
        error={error}
      />
      <p className="field__hint attendance-hint-under">{t('attendance.setup.botHint')}</p>
    </div>
  );
}

function PrivateKeyField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error: string | undefined }) {
  const { t } = useTranslation();
  const id = useId();
  const [loaded, setLoaded] = useState<string>();
  const [unreadable, setUnreadable] = useState(false);
  return (
    <div className="attendance-key">
      <TextAreaField
        label={t('attendance.setup.privateKey')}
        hint={t('attendance.setup.privateKeyHint')}
        rows={5}
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        error={error}
      />
      <div className="attendance-key__file">
        <input
          id={id}
          className="visually-hidden members-file__input"
          type="file"
          accept=".key,.pem,.txt"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            try {
              onChange(await file.text());
              setLoaded(file.name);
              setUnreadable(false);
            } catch {
              setUnreadable(true);
            }
          }}
        />
        <label htmlFor={id} className="button button--secondary button--small members-file__button">
          {t('attendance.setup.loadKey')}
        </label>
        <span role="status" className="attendance-muted">
          {unreadable ? t('attendance.setup.keyUnreadable') : loaded ? t('attendance.setup.keyLoaded', { file: loaded }) : ''}
        </span>
      </div>
    </div>
  );
}
