import { Link } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { type FieldErrorLike, fieldErrorMessage } from '../../../../i18n/errors.ts';
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
  const [mode, setMode] = useState<Mode>(linkage?.mode ?? 'PLATFORM');
  const [botId, setBotId] = useState(linkage?.mode === 'PLATFORM' ? (linkage.botId ?? '') : '');
  const [external, setExternal] = useState<Record<ExternalKey, string>>({
    clientId: linkage?.clientId ?? '',
    clientSecret: '',
    serviceAccount: linkage?.serviceAccount ?? '',
    privateKey: '',
    botId: linkage?.externalBotId ?? '',
    botSecret: '',
    authBaseUrl: linkage?.authBaseUrl ?? defaultAuthBase,
    apiBaseUrl: linkage?.apiBaseUrl ?? defaultApiBase,
  });
  const [{ fetching }, setup] = useMutation(SetupLinkageMutation);
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());

  function setField(key: ExternalKey, value: string) {
    setExternal((previous) => ({ ...previous, [key]: value }));
  }

  function errorFor(key: string, value: string): string | undefined {
    const error = fieldErrors.get(key);
    if (!error) return undefined;
    // The URLs are refused as bots' callback URLs are, with the same codes and messages.
    if (isRefusedUrlCode(error.code)) return t(`bots.form.callbackErrors.${error.code}`, { max: 300 });
    if (error.code !== 'custom') return fieldErrorMessage(t, error, value);
    // The API's own words (English) follow a translated lead, so the detail is not lost.
    const lead = setupErrorLeads[key];
    return lead ? `${t(lead)} (${error.message})` : error.message;
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setFieldErrors(new Map());
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
    setFieldErrors(settled.fieldErrors);
    setFormError(settled.message);
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
        <form className="form" noValidate onSubmit={(event) => void handleSubmit(event)} aria-busy={fetching}>
          {acceptedAt ? (
            <p className="attendance-muted">{t('attendance.setup.acceptedAt', { date: dateTimeLabel(acceptedAt, i18n.resolvedLanguage) })}</p>
          ) : null}
          {formError ? <FormAlert>{formError}</FormAlert> : null}
          <fieldset className="attendance-modes">
            <legend className="field__label">{t('attendance.setup.modeLegend')}</legend>
            {(['PLATFORM', 'EXTERNAL'] as const).map((value) => (
              <label key={value} className="attendance-mode" data-checked={mode === value ? '' : undefined}>
                <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
                <span className="attendance-mode__text">
                  <span className="attendance-mode__label">{t(`attendance.setup.modes.${value}`)}</span>
                  <span className="attendance-mode__description">{t(`attendance.setup.modes.${value}_description`)}</span>
                </span>
              </label>
            ))}
          </fieldset>

          {mode === 'PLATFORM' ? (
            <PlatformBot botId={botId} current={linkage?.mode === 'PLATFORM' ? linkage.bot : null} onChange={setBotId} error={errorFor('botId', botId)} />
          ) : (
            <div className="form__section">
              <p className="attendance-muted">{t('attendance.setup.externalIntro')}</p>
              {changing && linkage?.mode === 'EXTERNAL' ? <FormAlert tone="info">{t('attendance.setup.secretsKept')}</FormAlert> : null}
              <TextField
                label={t('attendance.setup.clientId')}
                autoComplete="off"
                spellCheck={false}
                value={external.clientId}
                onChange={(event) => setField('clientId', event.target.value)}
                error={errorFor('clientId', external.clientId)}
              />
              <TextField
                label={t('attendance.setup.clientSecret')}
                type="password"
                autoComplete="new-password"
                value={external.clientSecret}
                onChange={(event) => setField('clientSecret', event.target.value)}
                error={errorFor('clientSecret', external.clientSecret)}
              />
              <TextField
                label={t('attendance.setup.serviceAccount')}
                hint={t('attendance.setup.serviceAccountHint')}
                autoComplete="off"
                spellCheck={false}
                value={external.serviceAccount}
                onChange={(event) => setField('serviceAccount', event.target.value)}
                error={errorFor('serviceAccount', external.serviceAccount)}
              />
              <PrivateKeyField value={external.privateKey} onChange={(value) => setField('privateKey', value)} error={errorFor('privateKey', external.privateKey)} />
              <TextField
                label={t('attendance.setup.externalBotId')}
                hint={t('attendance.setup.externalBotIdHint')}
                inputMode="numeric"
                autoComplete="off"
                value={external.botId}
                onChange={(event) => setField('botId', event.target.value)}
                error={errorFor('botId', external.botId)}
              />
              <TextField
                label={t('attendance.setup.botSecret')}
                type="password"
                autoComplete="new-password"
                value={external.botSecret}
                onChange={(event) => setField('botSecret', event.target.value)}
                error={errorFor('botSecret', external.botSecret)}
              />
              <fieldset className="form__section attendance-urls">
                <legend className="field__label">{t('attendance.setup.advanced')}</legend>
                <TextField
                  label={t('attendance.setup.authBaseUrl')}
                  hint={t('attendance.setup.urlHint')}
                  type="url"
                  inputMode="url"
                  spellCheck={false}
                  value={external.authBaseUrl}
                  onChange={(event) => setField('authBaseUrl', event.target.value)}
                  error={errorFor('authBaseUrl', external.authBaseUrl)}
                />
                <TextField
                  label={t('attendance.setup.apiBaseUrl')}
                  type="url"
                  inputMode="url"
                  spellCheck={false}
                  value={external.apiBaseUrl}
                  onChange={(event) => setField('apiBaseUrl', event.target.value)}
                  error={errorFor('apiBaseUrl', external.apiBaseUrl)}
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
