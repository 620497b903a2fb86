import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { ChevronIcon } from '../../../../components/icons.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { CopyButton } from '../tokens/CopyButton.tsx';
import { AttendanceLayout } from './AttendanceLayout.tsx';
import { AttendanceOverviewQuery, type Linkage, LinkageFieldsFragment } from './linkage.ts';
import { LinkageSetup } from './LinkageSetup.tsx';
import { dateTimeLabel } from './time.ts';

const DisableLinkageMutation = graphql(
  `
    mutation DisableAttendanceLinkage {
      disableAttendanceLinkage {
        __typename
        ... on MutationDisableAttendanceLinkageSuccess {
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

/** /attendance: the linkage's status (or its setup) and the way to the other pages. */
export function OverviewPage() {
  const { t } = useTranslation();
  return (
    <AttendanceLayout title={t('attendance.title')} intro={t('attendance.overview.intro')}>
      {(canEdit) => <Overview canEdit={canEdit} />}
    </AttendanceLayout>
  );
}

function Overview({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [{ data, error }, refetch] = useQuery({ query: AttendanceOverviewQuery });
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string>();

  if (!data) return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <PageLoading />;
  const linkage = data.attendanceLinkage;
  const timeZone = data.viewer?.tenant.timeZone ?? 'UTC';
  const enabled = linkage?.enabled ?? false;
  // A new or re-enabled linkage is a new Query.attendanceLinkage answer the cache cannot infer.
  const reload = () => refetch({ requestPolicy: 'network-only' });

  return (
    <>
      <div aria-live="polite">{notice ? <FormAlert tone="info">{notice}</FormAlert> : null}</div>
      {enabled && linkage && !editing ? (
        <LinkageStatus
          linkage={linkage}
          canEdit={canEdit}
          onChange={() => {
            setNotice(undefined);
            setEditing(true);
          }}
          onDisabled={() => {
            setNotice(t('attendance.overview.turnedOff'));
            reload();
          }}
        />
      ) : canEdit ? (
        <>
          {linkage && !enabled ? <FormAlert tone="info">{t('attendance.overview.offNotice')}</FormAlert> : null}
          <LinkageSetup
            linkage={linkage}
            timeZone={timeZone}
            changing={editing}
            onCancel={editing ? () => setEditing(false) : undefined}
            onSaved={() => {
              setNotice(editing ? t('attendance.setup.savedChange') : t('attendance.setup.saved'));
              setEditing(false);
              reload();
            }}
          />
        </>
      ) : (
        <div className="card attendance-status">
          <h2 className="attendance-section-title">{t('attendance.overview.statusTitle')}</h2>
          <p>
            <span className="badge badge--neutral">{linkage ? t('attendance.overview.disabled') : t('attendance.overview.notSetUp')}</span>
          </p>
        </div>
      )}
      <QuickLinks />
    </>
  );
}

function LinkageStatus({ linkage, canEdit, onChange, onDisabled }: { linkage: Linkage; canEdit: boolean; onChange: () => void; onDisabled: () => void }) {
  const { t, i18n } = useTranslation();
  const [{ fetching }, disable] = useMutation(DisableLinkageMutation);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const webhookRef = useRef<HTMLInputElement>(null);
  const bot = linkage.bot;
  const webhookUrl = `${window.location.origin}${linkage.webhookPath}`;
  const language = i18n.resolvedLanguage;

  async function turnOff() {
    setError(undefined);
    const result = await disable({});
    const settled = settle(t, result.data?.disableAttendanceLinkage, result.error);
    if (!settled.ok) {
      setError(settled.message);
      return;
    }
    setConfirming(false);
    onDisabled();
  }

  const facts: [string, string][] = [[t('attendance.overview.mode'), t(`attendance.overview.modes.${linkage.mode}`)]];
  if (linkage.mode === 'PLATFORM') {
    facts.push([t('attendance.overview.bot'), bot ? `${bot.name} (${bot.botId})` : t('attendance.overview.botUnknown', { id: linkage.botId ?? '—' })]);
  } else {
    facts.push(
      [t('attendance.overview.clientId'), linkage.clientId ?? '—'],
      [t('attendance.overview.serviceAccount'), linkage.serviceAccount ?? '—'],
      [t('attendance.overview.externalBotId'), linkage.externalBotId ?? '—'],
      [t('attendance.overview.authBaseUrl'), linkage.authBaseUrl ?? '—'],
      [t('attendance.overview.apiBaseUrl'), linkage.apiBaseUrl ?? '—'],
    );
    if (linkage.verifiedAt) facts.push([t('attendance.overview.verifiedAt'), dateTimeLabel(linkage.verifiedAt, language)]);
  }
  if (linkage.termsAcceptedAt) facts.push([t('attendance.overview.termsAcceptedAt'), dateTimeLabel(linkage.termsAcceptedAt, language)]);

  return (
    <section className="card attendance-status" aria-labelledby="attendance-status-title">
      <div className="attendance-status__head">
        <h2 id="attendance-status-title" className="attendance-section-title">
          {t('attendance.overview.statusTitle')}
        </h2>
        <span className="badge badge--success">{t('attendance.overview.enabled')}</span>
      </div>
      <dl className="attendance-facts">
        {facts.map(([label, value]) => (
          <div key={label} className="attendance-facts__item">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {linkage.mode === 'EXTERNAL' ? (
        <div className="attendance-webhook">
          <label className="field__label" htmlFor="attendance-webhook-url">
            {t('attendance.overview.webhookTitle')}
          </label>
          <input id="attendance-webhook-url" ref={webhookRef} className="field__control attendance-webhook__url" readOnly value={webhookUrl} />
          <p className="field__hint">{t('attendance.overview.webhookHint')}</p>
          <CopyButton text={webhookUrl} label={t('attendance.overview.copyWebhook')} fallbackTarget={() => webhookRef.current} />
        </div>
      ) : null}
      {canEdit ? (
        <div className="attendance-actions">
          <button type="button" className="button button--secondary" onClick={onChange}>
            {t('attendance.overview.change')}
          </button>
          <button type="button" className="button button--danger-outline" onClick={() => setConfirming(true)}>
            {t('attendance.overview.turnOff')}
          </button>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t('attendance.overview.turnOffTitle')}
        confirmLabel={t('attendance.overview.turnOffConfirm')}
        busyLabel={t('attendance.overview.turningOff')}
        busy={fetching}
        error={error}
        onConfirm={() => void turnOff()}
        onCancel={() => {
          setConfirming(false);
          setError(undefined);
        }}
      >
        <p>{t('attendance.overview.turnOffBody')}</p>
      </ConfirmDialog>
    </section>
  );
}

function QuickLinks() {
  const { t } = useTranslation();
  const links = [
    { to: '/attendance/employees', label: t('attendance.overview.links.employees'), description: t('attendance.overview.links.employeesDescription') },
    { to: '/attendance/wording', label: t('attendance.overview.links.wording'), description: t('attendance.overview.links.wordingDescription') },
    { to: '/attendance/timesheets', label: t('attendance.overview.links.timesheets'), description: t('attendance.overview.links.timesheetsDescription') },
  ] as const;
  return (
    <section className="attendance-links" aria-labelledby="attendance-links-title">
      <h2 id="attendance-links-title" className="attendance-section-title">
        {t('attendance.overview.links.title')}
      </h2>
      <ul className="link-list">
        {links.map((link) => (
          <li key={link.to}>
            <Link to={link.to} className="link-list__item">
              <span className="link-list__text">
                <span className="link-list__label">{link.label}</span>
                <span className="link-list__description">{link.description}</span>
              </span>
              <ChevronIcon />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
