import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { z } from 'zod';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { csrfHeaderName, readCsrfToken } from '../../../../graphql/csrf.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { downloadFile } from './download.ts';
import { attendanceError } from './errors.ts';

const ACCOUNTS_PATH = '/api/attendance/accounts.csv';
const MAX_BYTES = 10 * 1024 * 1024;
/** How often an import being applied is read again for its progress. */
const POLL_MS = 1000;
const ERRORS_PAGE = 50;

export const AccountImportQuery = graphql(`
  query AttendanceAccountImport($id: ID!) {
    node(id: $id) {
      __typename
      ... on AttendanceAccountImport {
        id
        fileName
        status
        totalRows
        changeCount
        unchangedCount
        errorCount
        appliedRows
        failure
      }
    }
  }
`);

const AccountImportErrorsQuery = graphql(`
  query AttendanceAccountImportErrors($id: ID!, $first: Int!, $after: String) {
    node(id: $id) {
      __typename
      ... on AttendanceAccountImport {
        id
        rows(first: $first, after: $after, action: ERROR) {
          edges {
            node {
              line
              loginId
              accountId
              code
              message
              otherLoginId
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

const ApplyAccountImportMutation = graphql(
  `
    mutation ApplyAttendanceAccountImport($input: MutationApplyAttendanceAccountImportInput!) {
      applyAttendanceAccountImport(input: $input) {
        __typename
        ... on MutationApplyAttendanceAccountImportSuccess {
          accountImport {
            id
            status
            changeCount
            unchangedCount
            errorCount
            appliedRows
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

type AccountImport = Extract<NonNullable<ResultOf<typeof AccountImportQuery>['node']>, { __typename: 'AttendanceAccountImport' }>;

const createdSchema = z.object({ id: z.string() });
const failureSchema = z.object({ fieldErrors: z.array(z.object({ code: z.string(), message: z.string() })).min(1) });

/** Sends the file to be stored and checked (a dry run); answers the import's global id or why not. */
async function uploadAccounts(t: TFunction, file: File): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  let response: Response;
  try {
    response = await fetch(`${ACCOUNTS_PATH}?dryRun=1&fileName=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
      headers: { 'content-type': 'text/csv', [csrfHeaderName]: readCsrfToken() },
    });
  } catch {
    return { ok: false, message: t('errors.network') };
  }
  const body: unknown = await response.json().catch(() => null);
  const created = createdSchema.safeParse(body);
  if (response.ok && created.success) return { ok: true, id: created.data.id };
  if (response.status === 413) return { ok: false, message: attendanceError(t, { code: 'too_large' }) };
  if (response.status === 400) {
    const failure = failureSchema.safeParse(body);
    return { ok: false, message: failure.success ? attendanceError(t, failure.data.fieldErrors[0] ?? {}) : t('attendance.employees.csv.invalidFile') };
  }
  if (response.status === 401 || response.status === 403) return { ok: false, message: t('errors.codes.FORBIDDEN') };
  return { ok: false, message: t('errors.unexpected') };
}

interface AccountsCsvProps {
  canEdit: boolean;
  /** The import shown (kept in the URL, so a reload shows its progress). */
  importId: string | undefined;
  onImport: (id: string | undefined) => void;
  onApplied: () => void;
}

/**
 * Account ids by CSV, like the member import: choose a file, check it (stored as a dry run that
 * changes nothing), see the rows in error or the number of changes, then apply it in the background
 * with its progress. Also the export.
 */
export function AccountsCsv({ canEdit, importId, onImport, onApplied }: AccountsCsvProps) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string>();
  // Open from the start when the URL names an import (a reload shows it).
  const [open, setOpen] = useState(Boolean(importId));

  async function exportCsv() {
    setExporting(true);
    setExported(undefined);
    setError(undefined);
    const result = await downloadFile(ACCOUNTS_PATH, 'attendance-accounts.csv');
    setExporting(false);
    if (result.ok) setExported(result.fileName);
    else setError(result.reason === 'network' ? t('errors.network') : result.reason === 'unexpected' ? t('errors.unexpected') : t(`errors.codes.${result.reason}`));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    if (!file) {
      setError(t('attendance.employees.csv.noFileError'));
      return;
    }
    if (file.size > MAX_BYTES) {
      setError(attendanceError(t, { code: 'too_large' }));
      return;
    }
    setChecking(true);
    const result = await uploadAccounts(t, file);
    setChecking(false);
    if (result.ok) onImport(result.id);
    else setError(result.message);
  }

  return (
    <details className="card attendance-tool" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="attendance-tool__summary">{t('attendance.employees.csv.title')}</summary>
      <div className="attendance-tool__body">
        <p className="attendance-muted">{t('attendance.employees.csv.intro')}</p>
        <div className="attendance-actions">
          <button type="button" className="button button--secondary" onClick={() => void exportCsv()} disabled={exporting}>
            {exporting ? t('attendance.employees.csv.exporting') : t('attendance.employees.csv.export')}
          </button>
        </div>
        <p className="attendance-muted" aria-live="polite">
          {exported ? t('attendance.employees.csv.exported', { file: exported }) : null}
        </p>
        {canEdit && importId ? (
          <AccountImportView
            id={importId}
            onApplied={onApplied}
            onReset={() => {
              setFile(null);
              onImport(undefined);
            }}
          />
        ) : null}
        {canEdit && !importId ? (
          <form className="form" onSubmit={(event) => void handleSubmit(event)} noValidate>
            <div className="field">
              <span className="field__label" id={`${id}-label`}>
                {t('attendance.employees.csv.file')}
              </span>
              <div className="members-file">
                <input
                  id={`${id}-file`}
                  className="visually-hidden members-file__input"
                  type="file"
                  accept=".csv,text/csv"
                  aria-labelledby={`${id}-label`}
                  aria-describedby={`${id}-name`}
                  disabled={checking}
                  onChange={(event) => {
                    setFile(event.target.files?.[0] ?? null);
                    setError(undefined);
                  }}
                />
                <label htmlFor={`${id}-file`} className="button button--secondary members-file__button">
                  {t('attendance.employees.csv.choose')}
                </label>
                <span id={`${id}-name`} className={file ? 'members-file__name' : 'members-file__name members-file__name--empty'}>
                  {file ? file.name : t('attendance.employees.csv.noFile')}
                </span>
              </div>
            </div>
            {error ? <FormAlert>{error}</FormAlert> : null}
            <button type="submit" className="button button--primary" disabled={checking}>
              {checking ? t('attendance.employees.csv.checking') : t('attendance.employees.csv.check')}
            </button>
          </form>
        ) : null}
        {!canEdit && error ? <FormAlert>{error}</FormAlert> : null}
      </div>
    </details>
  );
}

/** A stored import: what the check found, then applying it with its progress, then the result. */
function AccountImportView({ id, onApplied, onReset }: { id: string; onApplied: () => void; onReset: () => void }) {
  const { t } = useTranslation();
  const [{ data, error }, refetch] = useQuery({ query: AccountImportQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const [{ fetching: applying }, apply] = useMutation(ApplyAccountImportMutation);
  const [actionError, setActionError] = useState<string>();
  const node = data?.node;
  const accountImport = node?.__typename === 'AttendanceAccountImport' ? node : undefined;
  const status = accountImport?.status;

  useEffect(() => {
    if (status !== 'APPLYING') return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [status, refetch]);

  // The list shows the new account ids once, when applying ends.
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current === 'APPLYING' && status === 'APPLIED') onApplied();
    previous.current = status;
  }, [status, onApplied]);

  async function handleApply() {
    setActionError(undefined);
    const result = await apply({ input: { id } });
    const settled = settle(t, result.data?.applyAttendanceAccountImport, result.error);
    if (settled.ok) return;
    const field = settled.fieldErrors.get('id');
    setActionError(field ? attendanceError(t, field) : settled.message);
  }

  const reset = (
    <button type="button" className="button button--ghost attendance-link-button" onClick={onReset}>
      {t('attendance.employees.csv.reset')}
    </button>
  );
  if (!data) {
    return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <p className="attendance-muted">{t('app.loading')}</p>;
  }
  if (!accountImport) {
    return (
      <div className="attendance-report">
        <FormAlert>{t('attendance.employees.csv.invalidFile')}</FormAlert>
        {reset}
      </div>
    );
  }

  return (
    <div className="attendance-report">
      <p className="attendance-report__file">{accountImport.fileName}</p>
      {status === 'APPLYING' ? <ImportProgress accountImport={accountImport} /> : <ImportCounts accountImport={accountImport} />}
      {actionError ? <FormAlert>{actionError}</FormAlert> : null}
      {status === 'VALIDATED' && accountImport.errorCount > 0 ? (
        <>
          <FormAlert>{t('attendance.employees.csv.errorsTitle')}</FormAlert>
          <ErrorRows key={accountImport.errorCount} id={accountImport.id} />
        </>
      ) : null}
      {status === 'VALIDATED' ? (
        accountImport.changeCount === 0 ? (
          accountImport.errorCount === 0 ? (
            <p role="status">{t('attendance.employees.csv.nothingToApply')}</p>
          ) : null
        ) : (
          <>
            <p role="status">
              {t('attendance.employees.csv.readyToApply', { count: accountImport.changeCount })}
              {accountImport.errorCount > 0 ? ` ${t('attendance.employees.csv.errorsNotApplied', { count: accountImport.errorCount })}` : ''}
            </p>
            <button type="button" className="button button--primary" disabled={applying} onClick={() => void handleApply()}>
              {applying ? t('attendance.employees.csv.applying') : t('attendance.employees.csv.apply')}
            </button>
          </>
        )
      ) : null}
      {status === 'APPLIED' ? (
        <p className="members-done__title" role="status">
          {t('attendance.employees.csv.applied', { count: accountImport.appliedRows })}
        </p>
      ) : null}
      {status === 'FAILED' ? <FormAlert>{t('attendance.employees.csv.failed', { failure: accountImport.failure ?? '' })}</FormAlert> : null}
      {status === 'APPLYING' ? null : reset}
    </div>
  );
}

function ImportCounts({ accountImport }: { accountImport: AccountImport }) {
  const { t } = useTranslation();
  return (
    <ul className="members-chips">
      <li className="members-chip members-chip--skip">{t('attendance.employees.csv.rows', { count: accountImport.totalRows })}</li>
      <li className={`members-chip members-chip--update${accountImport.changeCount === 0 ? ' members-chip--zero' : ''}`}>
        {t('attendance.employees.csv.changes', { count: accountImport.changeCount })}
      </li>
      <li className="members-chip members-chip--skip">{t('attendance.employees.csv.unchanged', { count: accountImport.unchangedCount })}</li>
      <li className={`members-chip members-chip--error${accountImport.errorCount === 0 ? ' members-chip--zero' : ''}`}>
        {t('attendance.employees.csv.errors', { count: accountImport.errorCount })}
      </li>
    </ul>
  );
}

function ImportProgress({ accountImport }: { accountImport: AccountImport }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const total = Math.max(accountImport.changeCount, 1);
  const done = Math.min(accountImport.appliedRows, total);
  const text = t('attendance.employees.csv.progress', {
    done: done.toLocaleString(i18n.resolvedLanguage),
    total: accountImport.changeCount.toLocaleString(i18n.resolvedLanguage),
    percent: Math.floor((done / total) * 100),
  });
  return (
    <section className="members-progress" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="attendance-subtitle">
        {t('attendance.employees.csv.progressTitle')}
      </h3>
      <progress className="members-progress__bar" max={total} value={done} aria-labelledby={`${id}-title`} aria-valuetext={text} />
      <p className="members-progress__text" role="status">
        {text}
      </p>
      <p className="members-progress__note">{t('attendance.employees.csv.progressNote')}</p>
    </section>
  );
}

/** The rows in error, a page at a time ("Show more" adds the next). */
function ErrorRows({ id }: { id: string }) {
  const [afters, setAfters] = useState<(string | null)[]>([null]);
  return (
    <ul className="attendance-row-errors">
      {afters.map((after, index) => (
        <ErrorPage
          key={after ?? 'first'}
          id={id}
          after={after}
          onMore={index === afters.length - 1 ? (cursor) => setAfters((previous) => [...previous, cursor]) : undefined}
        />
      ))}
    </ul>
  );
}

function ErrorPage({ id, after, onMore }: { id: string; after: string | null; onMore: ((cursor: string) => void) | undefined }) {
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: AccountImportErrorsQuery, variables: { id, first: ERRORS_PAGE, after }, requestPolicy: 'network-only' });
  const node = data?.node;
  const rows = node?.__typename === 'AttendanceAccountImport' ? node.rows : undefined;
  if (!rows) {
    return <li>{error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <span className="attendance-muted">{t('app.loading')}</span>}</li>;
  }
  const next = rows.pageInfo.endCursor;
  return (
    <>
      {rows.edges.map(({ node: row }) => (
        <li key={row.line}>
          <span className="attendance-row-errors__line">{t('attendance.employees.csv.line', { line: row.line })}</span>
          <code className="attendance-row-errors__login">{row.loginId || '—'}</code>
          <span>{attendanceError(t, row, {}, { account: row.accountId, other: row.otherLoginId ?? '' })}</span>
        </li>
      ))}
      {onMore && rows.pageInfo.hasNextPage && next ? (
        <li>
          <button type="button" className="button button--secondary" onClick={() => onMore(next)}>
            {t('attendance.employees.csv.moreErrors')}
          </button>
        </li>
      ) : null}
    </>
  );
}
