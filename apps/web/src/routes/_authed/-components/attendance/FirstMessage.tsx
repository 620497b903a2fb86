import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { EmployeeFieldsFragment, EmployeesListQuery, employeeName } from './EmployeeList.tsx';
import { attendanceError } from './errors.ts';

const SendFirstMessageMutation = graphql(
  `
    mutation SendAttendanceFirstMessage($input: MutationSendAttendanceFirstMessageInput!) {
      sendAttendanceFirstMessage(input: $input) {
        __typename
        ... on MutationSendAttendanceFirstMessageSuccess {
          report {
            sent
            failed
            results {
              sent
              failure
              detail
              employee {
                ...AttendanceEmployeeFields
              }
            }
          }
        }
        ...MutationError
      }
    }
  `,
  [EmployeeFieldsFragment, MutationErrorFragment],
);

type Report = Extract<
  NonNullable<ResultOf<typeof SendFirstMessageMutation>['sendAttendanceFirstMessage']>,
  { __typename: 'MutationSendAttendanceFirstMessageSuccess' }
>['report'];

interface FirstMessageProps {
  canEdit: boolean;
  orgUnitId: string | null;
  employmentTypeId: string | null;
  department: string;
  employmentType: string;
  /** The search or the account filter is set: they do not narrow who gets the message. */
  searchNarrows: boolean;
}

/**
 * The bot's first message to every linked employee of the department and employment type shown (not
 * chosen one by one): a confirmation with how many get it, then each one's result with what to do
 * about a failure.
 */
export function FirstMessage({ canEdit, orgUnitId, employmentTypeId, department, employmentType, searchNarrows }: FirstMessageProps) {
  const { t } = useTranslation();
  const id = useId();
  const client = useClient();
  const [{ fetching }, send] = useMutation(SendFirstMessageMutation);
  const [counting, setCounting] = useState(false);
  const [recipients, setRecipients] = useState<number>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<Report>();
  const scope = { department, employmentType };

  async function prepare() {
    setNotice(undefined);
    setError(undefined);
    setCounting(true);
    const result = await client
      .query(EmployeesListQuery, { orgUnitId, employmentTypeId, query: null, linked: null, first: 1, after: null }, { requestPolicy: 'network-only' })
      .toPromise();
    setCounting(false);
    const count = result.data?.attendanceEmployees.linkedCount;
    if (count === undefined) {
      setNotice(result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected'));
      return;
    }
    if (count === 0) {
      setNotice(t('attendance.employees.first.none'));
      return;
    }
    setRecipients(count);
  }

  async function confirm() {
    setError(undefined);
    const result = await send({ input: { orgUnitId, employmentTypeId } });
    const settled = settle(t, result.data?.sendAttendanceFirstMessage, result.error);
    if (!settled.ok) {
      const field = settled.fieldErrors.get('linkage') ?? settled.fieldErrors.get('orgUnitId');
      setError(field ? attendanceError(t, field) : settled.message);
      return;
    }
    setRecipients(undefined);
    setReport(settled.data.report);
  }

  return (
    <details className="card attendance-tool">
      <summary className="attendance-tool__summary">{t('attendance.employees.first.title')}</summary>
      <div className="attendance-tool__body">
        <p className="attendance-muted">{t('attendance.employees.first.intro')}</p>
        <p className="attendance-scope">{t('attendance.employees.first.scope', scope)}</p>
        {canEdit ? (
          <div className="attendance-actions">
            <button type="button" className="button button--primary" onClick={() => void prepare()} disabled={counting || fetching}>
              {counting ? t('attendance.employees.first.counting') : t('attendance.employees.first.send')}
            </button>
          </div>
        ) : null}
        <div aria-live="polite">{notice ? <FormAlert tone="info">{notice}</FormAlert> : null}</div>
        {report ? <FirstMessageResults report={report} titleId={`${id}-results`} /> : null}
        <HelpBox />
      </div>
      <ConfirmDialog
        open={recipients !== undefined}
        title={t('attendance.employees.first.confirmTitle')}
        confirmLabel={t('attendance.employees.first.confirm')}
        busyLabel={t('attendance.employees.first.sending')}
        busy={fetching}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setRecipients(undefined);
          setError(undefined);
        }}
      >
        <p>{t('attendance.employees.first.confirmBody', { count: recipients ?? 0, ...scope })}</p>
        {searchNarrows ? <p>{t('attendance.employees.first.confirmNote')}</p> : null}
      </ConfirmDialog>
    </details>
  );
}

function FirstMessageResults({ report, titleId }: { report: Report; titleId: string }) {
  const { t } = useTranslation();
  // Failures first: they are what needs doing.
  const results = [...report.results].sort((a, b) => Number(a.sent) - Number(b.sent));
  return (
    <section className="attendance-results" aria-labelledby={titleId}>
      <h3 id={titleId} className="attendance-subtitle">
        {t('attendance.employees.first.resultTitle')}
      </h3>
      <ul className="members-chips" role="status">
        <li className={`members-chip members-chip--create${report.sent === 0 ? ' members-chip--zero' : ''}`}>
          {t('attendance.employees.first.sent', { count: report.sent })}
        </li>
        <li className={`members-chip members-chip--error${report.failed === 0 ? ' members-chip--zero' : ''}`}>
          {t('attendance.employees.first.failed', { count: report.failed })}
        </li>
      </ul>
      <ul className="attendance-result-list">
        {results.map((result) => (
          <li key={result.employee.id} className={result.sent ? 'attendance-result' : 'attendance-result attendance-result--failed'}>
            <div className="attendance-result__head">
              <span className="attendance-result__name">{employeeName(result.employee)}</span>
              <span className={result.sent ? 'badge badge--success' : 'badge badge--danger'}>
                {result.sent
                  ? t('attendance.employees.first.statusSent')
                  : result.failure
                    ? t(`attendance.employees.first.failures.${result.failure}`)
                    : t('attendance.employees.first.statusFailed')}
              </span>
            </div>
            <span className="attendance-result__meta">
              {result.employee.loginId}
              {result.employee.accountId && result.employee.accountId !== result.employee.loginId
                ? ` · ${t('attendance.employees.first.account', { account: result.employee.accountId })}`
                : null}
            </span>
            {result.failure ? <p className="attendance-result__guidance">{t(`attendance.employees.first.guidance.${result.failure}`)}</p> : null}
            {result.failure && technicalFailures.has(result.failure) && result.detail ? <code className="attendance-result__detail">{result.detail}</code> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Failures whose detail (LINE WORKS' own answer) is what the admin needs to see. */
const technicalFailures = new Set(['REFUSED', 'UNREACHABLE', 'CREDENTIALS']);

function HelpBox() {
  const { t } = useTranslation();
  return (
    <aside className="attendance-help" aria-labelledby="attendance-help-title">
      <h3 id="attendance-help-title" className="attendance-subtitle">
        {t('attendance.employees.first.help.title')}
      </h3>
      <ul>
        <li>{t('attendance.employees.first.help.items.account')}</li>
        <li>{t('attendance.employees.first.help.items.domain')}</li>
        <li>{t('attendance.employees.first.help.items.suspended')}</li>
        <li>{t('attendance.employees.first.help.items.external')}</li>
        <li>{t('attendance.employees.first.help.items.again')}</li>
      </ul>
    </aside>
  );
}
