import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { csrfHeaderName, readCsrfToken } from '../../../../graphql/csrf.ts';
import { downloadFile } from './download.ts';

const ACCOUNTS_PATH = '/api/attendance/accounts.csv';
const MAX_BYTES = 10 * 1024 * 1024;

const reportSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  errors: z.array(z.object({ line: z.number(), loginId: z.string(), message: z.string() })),
});

type Report = z.infer<typeof reportSchema>;

const failureSchema = z.object({
  description: z.string().optional(),
  fieldErrors: z.array(z.object({ message: z.string() })).optional(),
});

type Phase = { kind: 'idle' } | { kind: 'busy'; applying: boolean } | { kind: 'checked'; report: Report } | { kind: 'applied'; report: Report };

/** Sends the file for a dry run (`?dryRun=1`) or to apply; the answer is the import's report. */
async function postAccounts(file: File, dryRun: boolean): Promise<{ ok: true; report: Report } | { ok: false; message: 'network' | 'tooLarge' | 'invalidFile' | 'forbidden' | 'unexpected'; detail?: string }> {
  let response: Response;
  try {
    response = await fetch(`${ACCOUNTS_PATH}${dryRun ? '?dryRun=1' : ''}`, {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
      headers: { 'content-type': 'text/csv', [csrfHeaderName]: readCsrfToken() },
    });
  } catch {
    return { ok: false, message: 'network' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const report = reportSchema.safeParse(body);
    return report.success ? { ok: true, report: report.data } : { ok: false, message: 'unexpected' };
  }
  const failure = failureSchema.safeParse(body);
  const detail = failure.success ? (failure.data.fieldErrors?.[0]?.message ?? failure.data.description) : undefined;
  if (response.status === 413) return { ok: false, message: 'tooLarge' };
  if (response.status === 400) return { ok: false, message: 'invalidFile', ...(detail && { detail }) };
  if (response.status === 401 || response.status === 403) return { ok: false, message: 'forbidden' };
  return { ok: false, message: 'unexpected' };
}

/** The API's row messages (English) in the page's language; anything unknown is shown as sent. */
export function rowMessage(t: TFunction, message: string): string {
  const other = /^account_id (\S+) is also given to (\S+)$/.exec(message);
  if (other) return t('attendance.employees.csv.rowMessages.alsoGiven', { account: other[1], other: other[2] });
  const belongs = /^account_id (\S+) already belongs to (\S+)$/.exec(message);
  if (belongs) return t('attendance.employees.csv.rowMessages.belongs', { account: belongs[1], other: belongs[2] });
  switch (message) {
    case 'login_id is empty':
      return t('attendance.employees.csv.rowMessages.empty');
    case 'No member has this login id':
      return t('attendance.employees.csv.rowMessages.unknown');
    case 'This login id appears twice in the file':
      return t('attendance.employees.csv.rowMessages.twice');
    case 'account_id: at most 200 characters':
      return t('attendance.employees.csv.rowMessages.tooLong');
    default:
      return message;
  }
}

/**
 * Account ids by CSV, like the member import: choose a file, check it (a dry run that changes
 * nothing), see the rows in error or the number of changes, then apply. Also the export.
 */
export function AccountsCsv({ canEdit, onApplied }: { canEdit: boolean; onApplied: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string>();

  async function exportCsv() {
    setExporting(true);
    setExported(undefined);
    setError(undefined);
    const result = await downloadFile(ACCOUNTS_PATH, 'attendance-accounts.csv');
    setExporting(false);
    if (result.ok) setExported(result.fileName);
    else setError(result.reason === 'network' ? t('errors.network') : result.reason === 'unexpected' ? t('errors.unexpected') : t(`errors.codes.${result.reason}`));
  }

  async function send(dryRun: boolean) {
    setError(undefined);
    if (!file) {
      setError(t('attendance.employees.csv.noFileError'));
      return;
    }
    if (file.size > MAX_BYTES) {
      setError(t('attendance.employees.csv.tooLarge'));
      return;
    }
    setPhase({ kind: 'busy', applying: !dryRun });
    const result = await postAccounts(file, dryRun);
    if (!result.ok) {
      setPhase({ kind: 'idle' });
      const messages = {
        network: t('errors.network'),
        tooLarge: t('attendance.employees.csv.tooLarge'),
        invalidFile: t('attendance.employees.csv.invalidFile'),
        forbidden: t('errors.codes.FORBIDDEN'),
        unexpected: t('errors.unexpected'),
      };
      setError(result.detail ? `${messages[result.message]} (${result.detail})` : messages[result.message]);
      return;
    }
    // Applying re-checks every row: an error found then means nothing changed either.
    if (result.report.dryRun || result.report.errors.length > 0) {
      setPhase({ kind: 'checked', report: result.report });
      return;
    }
    setPhase({ kind: 'applied', report: result.report });
    onApplied();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(true);
  }

  const busy = phase.kind === 'busy';
  const report = phase.kind === 'checked' || phase.kind === 'applied' ? phase.report : undefined;

  return (
    <details className="card attendance-tool">
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
        {canEdit ? (
          <form className="form" onSubmit={handleSubmit} noValidate>
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
                  disabled={busy}
                  onChange={(event) => {
                    setFile(event.target.files?.[0] ?? null);
                    setPhase({ kind: 'idle' });
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
            {phase.kind === 'idle' || (phase.kind === 'busy' && !phase.applying) ? (
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? t('attendance.employees.csv.checking') : t('attendance.employees.csv.check')}
              </button>
            ) : null}
            {report ? <ReportView report={report} applied={phase.kind === 'applied'} /> : null}
            {phase.kind === 'checked' && report && report.errors.length === 0 && report.changed > 0 ? (
              <button type="button" className="button button--primary" onClick={() => void send(false)}>
                {t('attendance.employees.csv.apply')}
              </button>
            ) : null}
            {phase.kind === 'busy' && phase.applying ? (
              <button type="button" className="button button--primary" disabled>
                {t('attendance.employees.csv.applying')}
              </button>
            ) : null}
            {report ? (
              <button
                type="button"
                className="button button--ghost attendance-link-button"
                onClick={() => {
                  setFile(null);
                  setPhase({ kind: 'idle' });
                }}
              >
                {t('attendance.employees.csv.reset')}
              </button>
            ) : null}
          </form>
        ) : null}
      </div>
    </details>
  );
}

function ReportView({ report, applied }: { report: Report; applied: boolean }) {
  const { t } = useTranslation();
  const failed = report.errors.length > 0;
  return (
    <div className="attendance-report" role="status">
      <ul className="members-chips">
        <li className="members-chip members-chip--skip">{t('attendance.employees.csv.rows', { count: report.rows })}</li>
        <li className={`members-chip members-chip--update${report.changed === 0 ? ' members-chip--zero' : ''}`}>
          {t('attendance.employees.csv.changes', { count: report.changed })}
        </li>
        <li className="members-chip members-chip--skip">{t('attendance.employees.csv.unchanged', { count: report.unchanged })}</li>
        <li className={`members-chip members-chip--error${failed ? '' : ' members-chip--zero'}`}>
          {t('attendance.employees.csv.errors', { count: report.errors.length })}
        </li>
      </ul>
      {failed ? (
        <>
          <FormAlert>{t('attendance.employees.csv.errorsTitle')}</FormAlert>
          <ul className="attendance-row-errors">
            {report.errors.map((error) => (
              <li key={`${error.line}:${error.loginId}:${error.message}`}>
                <span className="attendance-row-errors__line">{t('attendance.employees.csv.line', { line: error.line })}</span>
                <code className="attendance-row-errors__login">{error.loginId || '—'}</code>
                <span>{rowMessage(t, error.message)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : applied ? (
        <p className="members-done__title">{t('attendance.employees.csv.applied', { count: report.changed })}</p>
      ) : report.changed === 0 ? (
        <p>{t('attendance.employees.csv.nothingToApply')}</p>
      ) : (
        <p>{t('attendance.employees.csv.readyToApply', { count: report.changed })}</p>
      )}
    </div>
  );
}
