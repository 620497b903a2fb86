import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { csrfHeaderName, readCsrfToken } from '../../../../graphql/csrf.ts';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { type AuditSearch, csvQueryString } from './search.ts';

const AuditVerificationQuery = graphql(`
  query AuditVerification {
    auditVerification {
      ok
      checked
      brokenAtSeq
      problem
    }
  }
`);

type Verification = ResultOf<typeof AuditVerificationQuery>['auditVerification'];

/** Error codes of the REST endpoint mapped to the GraphQL ones the messages are keyed by. */
const exportErrorCodes: Record<number, 'AUTHENTICATION' | 'FORBIDDEN' | 'VALIDATION' | 'RATE_LIMITED'> = {
  400: 'VALIDATION',
  401: 'AUTHENTICATION',
  403: 'FORBIDDEN',
  429: 'RATE_LIMITED',
};

function fileNameOf(response: Response): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'audit.csv';
}

/** Saves a fetched file: the export needs the CSRF header, which a plain link cannot send. */
function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AuditTools({ search }: { search: AuditSearch }) {
  const { t } = useTranslation();
  const client = useClient();
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<Verification>();
  const [exporting, setExporting] = useState(false);
  const [toolError, setToolError] = useState<string>();
  const [exported, setExported] = useState<string>();

  async function verify() {
    setVerifying(true);
    setToolError(undefined);
    setVerification(undefined);
    const result = await client.query(AuditVerificationQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    setVerifying(false);
    if (result.data) setVerification(result.data.auditVerification);
    else setToolError(result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected'));
  }

  async function exportCsv() {
    setExporting(true);
    setToolError(undefined);
    setExported(undefined);
    try {
      const query = csvQueryString(search);
      const response = await fetch(`/api/audit.csv${query ? `?${query}` : ''}`, {
        credentials: 'same-origin',
        headers: { [csrfHeaderName]: readCsrfToken() },
      });
      if (!response.ok) {
        const code = exportErrorCodes[response.status];
        setToolError(code ? t(`errors.codes.${code}`) : t('errors.unexpected'));
        return;
      }
      const fileName = fileNameOf(response);
      saveBlob(await response.blob(), fileName);
      setExported(fileName);
    } catch {
      setToolError(t('errors.network'));
    } finally {
      setExporting(false);
    }
  }

  return (
    <div className="audit-tools">
      <div className="audit-tools__buttons">
        <button type="button" className="button button--secondary" onClick={() => void verify()} disabled={verifying}>
          {verifying ? t('audit.verify.running') : t('audit.verify.button')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => void exportCsv()} disabled={exporting}>
          {exporting ? t('audit.export.running') : t('audit.export.button')}
        </button>
      </div>
      <div className="audit-tools__results" aria-live="polite">
        {verification?.ok ? (
          <div className="alert audit-verify audit-verify--ok">
            <strong>{t('audit.verify.okTitle')}</strong> {t('audit.verify.okBody', { count: verification.checked })}
          </div>
        ) : null}
        {verification && !verification.ok ? (
          <div className="alert alert--error audit-verify">
            <strong>{t('audit.verify.brokenTitle', { seq: verification.brokenAtSeq ?? '?' })}</strong>{' '}
            {t('audit.verify.brokenBody', { count: verification.checked })}
            {verification.problem ? <code className="audit-verify__problem">{verification.problem}</code> : null}
          </div>
        ) : null}
        {exported ? <p className="audit-tools__note">{t('audit.export.done', { file: exported })}</p> : null}
      </div>
      {toolError ? <FormAlert>{toolError}</FormAlert> : null}
    </div>
  );
}
