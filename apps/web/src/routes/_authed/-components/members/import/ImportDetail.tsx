import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useSubscription } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { PageLoading } from '../../../../../components/PageLoading.tsx';
import { type FragmentOf, graphql, readFragment } from '../../../../../graphql/graphql.ts';
import { combinedErrorMessage, errorMessage } from '../../../../../i18n/errors.ts';
import { useDateTimeFormat } from '../useDateTimeFormat.ts';
import { ImportRows } from './ImportRows.tsx';
import { ImportStatusBadge } from './ImportStatusBadge.tsx';

export const ImportDetailFragment = graphql(`
  fragment ImportDetail_memberImport on MemberImport {
    id
    fileName
    status
    totalRows
    createCount
    updateCount
    skipCount
    errorCount
    appliedRows
    toApply
    failure
    createdAt
    finishedAt
  }
`);

export const MemberImportQuery = graphql(
  `
    query MemberImport($id: ID!) {
      node(id: $id) {
        __typename
        ... on MemberImport {
          id
          ...ImportDetail_memberImport
        }
      }
    }
  `,
  [ImportDetailFragment],
);

const MemberImportProgressSubscription = graphql(
  `
    subscription MemberImportProgress($id: ID!) {
      memberImportProgress(id: $id) {
        id
        ...ImportDetail_memberImport
      }
    }
  `,
  [ImportDetailFragment],
);

const ApplyMemberImportMutation = graphql(
  `
    mutation ApplyMemberImport($input: MutationApplyMemberImportInput!) {
      applyMemberImport(input: $input) {
        __typename
        ... on MutationApplyMemberImportSuccess {
          memberImport {
            id
            ...ImportDetail_memberImport
          }
        }
        ... on Error {
          code
          message
        }
      }
    }
  `,
  [ImportDetailFragment],
);

const CancelMemberImportMutation = graphql(
  `
    mutation CancelMemberImport($input: MutationCancelMemberImportInput!) {
      cancelMemberImport(input: $input) {
        __typename
        ... on MutationCancelMemberImportSuccess {
          memberImport {
            id
            ...ImportDetail_memberImport
          }
        }
        ... on Error {
          code
          message
        }
      }
    }
  `,
  [ImportDetailFragment],
);

type ImportData = ReturnType<typeof readImport>;

function readImport(memberImport: FragmentOf<typeof ImportDetailFragment>) {
  return readFragment(ImportDetailFragment, memberImport);
}

/** One import: what the dry run found, then applying it with live progress, then the result. */
export function ImportDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: MemberImportQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const node = data?.node;
  const memberImport = node?.__typename === 'MemberImport' ? readImport(node) : undefined;
  const live = memberImport?.status === 'PARSING' || memberImport?.status === 'APPLYING';
  // Progress arrives over server-sent events; graphcache writes each update into the import above.
  // A checked import is followed too, so the stream is open before applying starts.
  const [{ error: progressError }] = useSubscription({
    query: MemberImportProgressSubscription,
    variables: { id },
    pause: !live && memberImport?.status !== 'VALIDATED',
  });

  if (!data) {
    return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <PageLoading />;
  }
  if (!memberImport) {
    return (
      <div className="card">
        <h2 className="members-section-title">{t('memberImport.notFound.title')}</h2>
        <p>{t('memberImport.notFound.body')}</p>
        <Link to="/members/import" search={{}} className="button button--secondary">
          {t('memberImport.startOver')}
        </Link>
      </div>
    );
  }

  return (
    <>
      <ImportHeader memberImport={memberImport} />
      {progressError && live ? <FormAlert>{t('memberImport.progress.lost')}</FormAlert> : null}
      {memberImport.status === 'PARSING' ? (
        <div className="card" role="status">
          <div className="page-loading">
            <span className="spinner" aria-hidden="true" />
            <span>{t('memberImport.parsing')}</span>
          </div>
        </div>
      ) : null}
      {memberImport.status === 'VALIDATED' ? <DryRun memberImport={memberImport} canEdit={canEdit} /> : null}
      {memberImport.status === 'APPLYING' ? <Progress memberImport={memberImport} /> : null}
      {memberImport.status === 'APPLIED' ? <Done memberImport={memberImport} /> : null}
      {memberImport.status === 'CANCELLED' || memberImport.status === 'FAILED' ? <Ended memberImport={memberImport} /> : null}
      {memberImport.status !== 'PARSING' && memberImport.status !== 'APPLYING' ? (
        <ImportRows memberImport={memberImport} />
      ) : null}
    </>
  );
}

function ImportHeader({ memberImport }: { memberImport: ImportData }) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  return (
    <div className="members-import__file">
      <div className="members-import__file-name">
        <span className="visually-hidden">{t('memberImport.fileName')}: </span>
        {memberImport.fileName}
      </div>
      <div className="members-import__file-meta">
        <ImportStatusBadge status={memberImport.status} />
        <span>{formatDateTime(memberImport.createdAt)}</span>
      </div>
    </div>
  );
}

/** The dry run's counts as chips. */
export function ImportCounts({ memberImport, applied = false }: { memberImport: ImportData; applied?: boolean }) {
  const { t } = useTranslation();
  const counts = [
    { key: 'create', value: memberImport.createCount, label: applied ? t('memberImport.counts.created') : t('memberImport.counts.create') },
    { key: 'update', value: memberImport.updateCount, label: applied ? t('memberImport.counts.updated') : t('memberImport.counts.update') },
    { key: 'skip', value: memberImport.skipCount, label: t('memberImport.counts.skip') },
    { key: 'error', value: memberImport.errorCount, label: t('memberImport.counts.error') },
  ];
  return (
    <ul className="members-chips" aria-label={t('memberImport.counts.label')}>
      {counts.map((count) => (
        <li key={count.key} className={`members-chip members-chip--${count.key}${count.value === 0 ? ' members-chip--zero' : ''}`}>
          <span className="members-chip__label">{count.label}</span>
          <span className="members-chip__value">{count.value.toLocaleString()}</span>
        </li>
      ))}
    </ul>
  );
}

function DryRun({ memberImport, canEdit }: { memberImport: ImportData; canEdit: boolean }) {
  const { t } = useTranslation();
  const [{ fetching: applying }, apply] = useMutation(ApplyMemberImportMutation);
  const [{ fetching: cancelling }, cancel] = useMutation(CancelMemberImportMutation);
  const [actionError, setActionError] = useState<string>();

  async function run(action: 'apply' | 'cancel') {
    setActionError(undefined);
    const input = { id: memberImport.id };
    const result = action === 'apply' ? await apply({ input }) : await cancel({ input });
    const outcome = result.data
      ? 'applyMemberImport' in result.data
        ? result.data.applyMemberImport
        : result.data.cancelMemberImport
      : undefined;
    if (!outcome) setActionError(result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected'));
    else if ('code' in outcome) setActionError(errorMessage(t, outcome));
  }

  return (
    <section className="card members-dry-run" aria-labelledby="members-dry-run-title">
      <h2 id="members-dry-run-title" className="members-section-title">
        {t('memberImport.dryRun.title')}
      </h2>
      <p>{t('memberImport.dryRun.summary', { count: memberImport.totalRows })}</p>
      <ImportCounts memberImport={memberImport} />
      {actionError ? <FormAlert>{actionError}</FormAlert> : null}
      {canEdit ? (
        <>
          {memberImport.toApply === 0 ? (
            <FormAlert tone="info">{t('memberImport.dryRun.nothingToApply')}</FormAlert>
          ) : memberImport.errorCount > 0 ? (
            <FormAlert tone="info">{t('memberImport.dryRun.errorsNotApplied', { count: memberImport.errorCount })}</FormAlert>
          ) : null}
          <div className="members-dry-run__actions">
            {memberImport.toApply > 0 ? (
              <button
                type="button"
                className="button button--primary"
                disabled={applying || cancelling}
                onClick={() => void run('apply')}
              >
                {applying ? t('memberImport.dryRun.applying') : t('memberImport.dryRun.apply', { count: memberImport.toApply })}
              </button>
            ) : null}
            <button
              type="button"
              className="button button--secondary"
              disabled={applying || cancelling}
              onClick={() => void run('cancel')}
            >
              {t('memberImport.dryRun.cancel')}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

function Progress({ memberImport }: { memberImport: ImportData }) {
  const { t, i18n } = useTranslation();
  const total = Math.max(memberImport.toApply, 1);
  const done = Math.min(memberImport.appliedRows, total);
  const percent = Math.floor((done / total) * 100);
  const text = t('memberImport.progress.value', {
    done: done.toLocaleString(i18n.resolvedLanguage),
    total: memberImport.toApply.toLocaleString(i18n.resolvedLanguage),
    percent,
  });
  return (
    <section className="card members-progress" aria-labelledby="members-progress-title">
      <h2 id="members-progress-title" className="members-section-title">
        {t('memberImport.progress.title')}
      </h2>
      <progress
        className="members-progress__bar"
        max={total}
        value={done}
        aria-labelledby="members-progress-title"
        aria-valuetext={text}
      />
      <p className="members-progress__text" role="status">
        {text}
      </p>
      <p className="members-progress__note">{t('memberImport.progress.note')}</p>
    </section>
  );
}

function Done({ memberImport }: { memberImport: ImportData }) {
  const { t } = useTranslation();
  return (
    <section className="card members-done" aria-labelledby="members-done-title">
      <h2 id="members-done-title" className="members-section-title members-done__title">
        <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="12" cy="12" r="9" />
          <path d="M8 12.5l2.8 2.8L16 10" />
        </svg>
        {t('memberImport.done.title')}
      </h2>
      <p role="status">{t('memberImport.done.summary', { count: memberImport.appliedRows })}</p>
      <ImportCounts memberImport={memberImport} applied />
      {memberImport.errorCount > 0 ? (
        <FormAlert tone="info">{t('memberImport.done.errors', { count: memberImport.errorCount })}</FormAlert>
      ) : null}
      <div className="members-dry-run__actions">
        <Link to="/members" className="button button--primary">
          {t('memberImport.done.toMembers')}
        </Link>
        <Link to="/members/import" search={{}} className="button button--secondary">
          {t('memberImport.startOver')}
        </Link>
      </div>
    </section>
  );
}

function Ended({ memberImport }: { memberImport: ImportData }) {
  const { t } = useTranslation();
  const failed = memberImport.status === 'FAILED';
  return (
    <section className="card">
      <FormAlert tone={failed ? 'error' : 'info'}>
        {failed
          ? t('memberImport.failed', { count: memberImport.appliedRows })
          : t('memberImport.cancelled')}
      </FormAlert>
      <div className="members-dry-run__actions">
        <Link to="/members/import" search={{}} className="button button--primary">
          {t('memberImport.startOver')}
        </Link>
        <Link to="/members" className="button button--secondary">
          {t('memberImport.done.toMembers')}
        </Link>
      </div>
    </section>
  );
}
