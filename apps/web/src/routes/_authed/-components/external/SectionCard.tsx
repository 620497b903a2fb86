import { Link } from '@tanstack/react-router';
import { GREETING_MAX } from '@worksbase/schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { Switch } from '../../../../components/Switch.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { fieldErrorMessage } from '../../../../i18n/errors.ts';
import { TurnOffDialog } from './TurnOffDialog.tsx';

export const SectionCardFragment = graphql(`
  fragment SectionCard_setting on ExternalSetting {
    id
    kind
    enabled
    autoGrant
    effectiveAutoGrant
    greetingEnabled
    greetingJa
    greetingEn
    restrictFiles
  }
`);

const UpdateSettingMutation = graphql(
  `
    mutation UpdateExternalSetting($input: MutationUpdateExternalSettingInput!) {
      updateExternalSetting(input: $input) {
        __typename
        ... on MutationUpdateExternalSettingSuccess {
          setting {
            ...SectionCard_setting
          }
        }
        ...MutationError
      }
    }
  `,
  [SectionCardFragment, MutationErrorFragment],
);

export const SetUseStatusMutation = graphql(
  `
    mutation SetExternalUseStatus($input: MutationSetExternalUseStatusInput!) {
      setExternalUseStatus(input: $input) {
        __typename
        ... on MutationSetExternalUseStatusSuccess {
          result {
            closedRooms
            setting {
              ...SectionCard_setting
            }
          }
        }
        ...MutationError
      }
    }
  `,
  [SectionCardFragment, MutationErrorFragment],
);

type Kind = 'LINE' | 'WORKS';
type Toggle = 'autoGrant' | 'greetingEnabled' | 'restrictFiles';

interface SectionCardProps {
  setting: FragmentOf<typeof SectionCardFragment>;
  domain: { id: string; name: string };
  canEdit: boolean;
  connected: number;
}

/** One section ("Chat with LINE users" or "… other companies") of a domain, with its settings. */
export function SectionCard({ setting: data, domain, canEdit, connected }: SectionCardProps) {
  const { t } = useTranslation();
  const setting = readFragment(SectionCardFragment, data);
  const kind = setting.kind as Kind;
  const [update, runUpdate] = useMutation(UpdateSettingMutation);
  const [status, runStatus] = useMutation(SetUseStatusMutation);
  const [error, setError] = useState<string>();
  const [turningOff, setTurningOff] = useState(false);
  const [busyToggle, setBusyToggle] = useState<Toggle | 'enabled'>();
  const headingId = `external-${kind}-title`;

  async function toggle(field: Toggle, value: boolean) {
    setError(undefined);
    setBusyToggle(field);
    const result = await runUpdate({ input: { domainId: domain.id, kind, [field]: value } });
    setBusyToggle(undefined);
    const outcome = settle(t, result.data?.updateExternalSetting, result.error);
    if (!outcome.ok) setError(outcome.message);
  }

  async function turnOn() {
    setError(undefined);
    setBusyToggle('enabled');
    const result = await runStatus({ input: { domainId: domain.id, kind, enabled: true } });
    setBusyToggle(undefined);
    const outcome = settle(t, result.data?.setExternalUseStatus, result.error);
    if (!outcome.ok) setError(outcome.message);
  }

  return (
    <article className="card external-section" aria-labelledby={headingId}>
      <header className="external-section__header">
        <h2 id={headingId} className="external-section__title">
          {t(`external.sections.${kind}`)}
        </h2>
        <span className={`badge ${setting.enabled ? 'badge--success' : 'badge--neutral'}`}>
          {setting.enabled ? t('external.on') : t('external.off')}
        </span>
      </header>
      {error ? <FormAlert>{error}</FormAlert> : null}
      <Switch
        label={t('external.useStatus')}
        hint={t('external.useStatusHint')}
        checked={setting.enabled}
        disabled={!canEdit}
        busy={busyToggle === 'enabled' && status.fetching}
        onChange={(on) => (on ? void turnOn() : setTurningOff(true))}
      />
      <Switch
        label={t('external.autoGrant')}
        hint={setting.effectiveAutoGrant && !setting.autoGrant ? t('external.autoGrantFree') : t('external.autoGrantHint')}
        checked={setting.effectiveAutoGrant}
        disabled={!canEdit || (setting.effectiveAutoGrant && !setting.autoGrant)}
        busy={busyToggle === 'autoGrant' && update.fetching}
        onChange={(on) => void toggle('autoGrant', on)}
      />
      <Switch
        label={t('external.restrictFiles')}
        hint={t(`external.restrictFilesHint.${kind}`)}
        checked={setting.restrictFiles}
        disabled={!canEdit}
        busy={busyToggle === 'restrictFiles' && update.fetching}
        onChange={(on) => void toggle('restrictFiles', on)}
      />
      <GreetingEditor key={setting.id} setting={setting} domainId={domain.id} canEdit={canEdit} />
      <footer className="external-section__footer">
        <Link to="/external/members" search={{ kind }} className="button button--secondary">
          {t('external.connectedCount', { count: connected })}
        </Link>
      </footer>
      <TurnOffDialog
        open={turningOff}
        kind={kind}
        domain={domain}
        onDone={() => setTurningOff(false)}
        run={(confirmation) => runStatus({ input: { domainId: domain.id, kind, enabled: false, confirmation } })}
      />
    </article>
  );
}

interface GreetingEditorProps {
  setting: { id: string; kind: string; greetingEnabled: boolean; greetingJa: string; greetingEn: string };
  domainId: string;
  canEdit: boolean;
}

/** The automatic greeting: on/off, the text in each language with a count and a live preview. */
function GreetingEditor({ setting, domainId, canEdit }: GreetingEditorProps) {
  const { t } = useTranslation();
  const kind = setting.kind as Kind;
  const [texts, setTexts] = useState({ greetingJa: setting.greetingJa, greetingEn: setting.greetingEn });
  const [preview, setPreview] = useState<'greetingJa' | 'greetingEn'>('greetingJa');
  const [state, run] = useMutation(UpdateSettingMutation);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, { path: readonly string[]; code: string; message: string }>>(new Map());
  const [saved, setSaved] = useState(false);
  const dirty = texts.greetingJa !== setting.greetingJa || texts.greetingEn !== setting.greetingEn;

  async function save(extra: { greetingEnabled?: boolean } = {}) {
    setError(undefined);
    setSaved(false);
    const result = await run({ input: { domainId, kind, ...texts, ...extra } });
    const outcome = settle(t, result.data?.updateExternalSetting, result.error);
    if (!outcome.ok) {
      setError(outcome.message);
      setFieldErrors(outcome.fieldErrors);
    } else {
      // The server trims and normalises line breaks: show what it kept.
      const kept = readFragment(SectionCardFragment, outcome.data.setting);
      setTexts({ greetingJa: kept.greetingJa, greetingEn: kept.greetingEn });
      setFieldErrors(new Map());
      setSaved(true);
    }
  }

  return (
    <fieldset className="external-greeting">
      <legend className="visually-hidden">{t('external.greeting')}</legend>
      <Switch
        label={t('external.greeting')}
        hint={t('external.greetingHint')}
        checked={setting.greetingEnabled}
        disabled={!canEdit}
        busy={state.fetching}
        onChange={(on) => void save({ greetingEnabled: on })}
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      <div className="external-greeting__texts">
        {(['greetingJa', 'greetingEn'] as const).map((field) => {
          const length = [...texts[field]].length;
          const fieldError = fieldErrors.get(field);
          return (
            <div key={field} className={fieldError || length > GREETING_MAX ? 'field field--invalid' : 'field'}>
              <label className="field__label" htmlFor={`${kind}-${field}`}>
                {t(`external.${field}`)}
              </label>
              <textarea
                id={`${kind}-${field}`}
                className="field__control external-greeting__input"
                rows={3}
                value={texts[field]}
                readOnly={!canEdit}
                aria-describedby={`${kind}-${field}-count`}
                onFocus={() => setPreview(field)}
                onChange={(event) => {
                  setSaved(false);
                  setTexts((previous) => ({ ...previous, [field]: event.target.value }));
                }}
              />
              <p id={`${kind}-${field}-count`} className={length > GREETING_MAX ? 'field__error' : 'field__hint'}>
                {t('external.greetingCount', { count: length, max: GREETING_MAX })}
              </p>
              {fieldError ? <p className="field__error">{fieldErrorMessage(t, fieldError, texts[field])}</p> : null}
            </div>
          );
        })}
      </div>
      <div className="external-greeting__preview" aria-live="polite">
        <span className="external-greeting__preview-label">
          {t('external.greetingPreview')} · {t(`external.${preview}`)}
        </span>
        <p className="external-bubble">{texts[preview].trim() || t('external.greetingEmpty')}</p>
      </div>
      {canEdit ? (
        <div className="external-greeting__actions">
          <button type="button" className="button button--primary" disabled={!dirty || state.fetching} onClick={() => void save()}>
            {state.fetching ? t('common.saving') : t('external.greetingSave')}
          </button>
          {saved && !dirty ? (
            <span className="external-greeting__saved" role="status">
              {t('external.greetingSaved')}
            </span>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
