import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { attendanceAccountIdSchema } from '@worksbase/schema';
import { useTranslation } from 'react-i18next';
import { type RequestPolicy, useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PageError, type PageSlot, PagedList, usePageCursors, useReportTail } from '../../../../components/PagedList.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql, type ResultOf, type VariablesOf } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { useMediaQuery, wideLayoutQuery } from '../../../../lib/useMediaQuery.ts';
import { attendanceError } from './errors.ts';
import type { EmployeesFilter } from './search.ts';

/** An employee as the attendance pages show them. Unmasked: rows and first-message results read it. */
export const EmployeeFieldsFragment = graphql(`
  fragment AttendanceEmployeeFields on AttendanceEmployee @_unmask {
    id
    loginId
    userId
    familyName
    givenName
    active
    orgUnitName
    employmentTypeName
    accountId
    lineWorksUserId
  }
`);

export type Employee = ResultOf<typeof EmployeeFieldsFragment>;

export const EmployeesListQuery = graphql(
  `
    query AttendanceEmployees($orgUnitId: ID, $employmentTypeId: ID, $query: String, $linked: Boolean, $first: Int, $after: ID) {
      attendanceEmployees(
        orgUnitId: $orgUnitId
        employmentTypeId: $employmentTypeId
        query: $query
        linked: $linked
        first: $first
        after: $after
      ) {
        employees {
          ...AttendanceEmployeeFields
        }
        hasMore
        totalCount
        linkedCount
      }
    }
  `,
  [EmployeeFieldsFragment],
);

const SetAccountMutation = graphql(
  `
    mutation SetAttendanceAccount($input: MutationSetAttendanceAccountInput!) {
      setAttendanceAccount(input: $input) {
        __typename
        ... on MutationSetAttendanceAccountSuccess {
          employee {
            ...AttendanceEmployeeFields
          }
        }
        ...MutationError
      }
    }
  `,
  [EmployeeFieldsFragment, MutationErrorFragment],
);

const PAGE_SIZE = 50;

export function employeesVariables(filter: EmployeesFilter, after: string | null): VariablesOf<typeof EmployeesListQuery> {
  return { ...filter, first: PAGE_SIZE, after };
}

export function employeeName(employee: Pick<Employee, 'familyName' | 'givenName'>): string {
  return `${employee.familyName} ${employee.givenName}`.trim();
}

interface EmployeeListProps {
  filter: EmployeesFilter;
  canEdit: boolean;
  /** After a CSV import every loaded page is fetched again. */
  requestPolicy: RequestPolicy;
  empty: ReactNode;
}

/**
 * Employees in login-id order, one cached query per loaded page (the next starts after the last id).
 * Account ids are edited in place and saved on Enter or on leaving the field.
 */
export function EmployeeList({ filter, canEdit, requestPolicy, empty }: EmployeeListProps) {
  const { t } = useTranslation();
  const wide = useMediaQuery(wideLayoutQuery);
  const cursors = usePageCursors();
  const [{ data, error }, refetchFirst] = useQuery({ query: EmployeesListQuery, variables: employeesVariables(filter, null), requestPolicy });
  // The counts (and the linked / not linked filters) change with an account id: the cache cannot know.
  const refreshCounts = useCallback(() => refetchFirst({ requestPolicy: 'network-only' }), [refetchFirst]);

  if (!data) {
    return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <PageLoading />;
  }
  const page = data.attendanceEmployees;
  if (page.totalCount === 0 && page.employees.length === 0) return <>{empty}</>;

  return (
    <PagedList
      cursors={cursors}
      count={t('attendance.employees.count', { linked: page.linkedCount, total: page.totalCount })}
      hint={canEdit ? <p className="field__hint">{t('attendance.employees.accountHint')}</p> : null}
      wide={wide}
      columns={[
        t('attendance.employees.name'),
        t('attendance.employees.loginId'),
        t('attendance.employees.department'),
        t('attendance.employees.employmentType'),
        t('attendance.employees.accountId'),
      ]}
      tableClassName="attendance-employees-table"
      loadMoreLabel={t('attendance.employees.loadMore')}
      renderPage={(slot) => (
        <EmployeePage {...slot} filter={filter} wide={wide} canEdit={canEdit} requestPolicy={requestPolicy} onSaved={refreshCounts} />
      )}
    />
  );
}

interface EmployeePageProps extends PageSlot {
  filter: EmployeesFilter;
  wide: boolean;
  canEdit: boolean;
  requestPolicy: RequestPolicy;
  onSaved: () => void;
}

function EmployeePage({ filter, after, wide, canEdit, requestPolicy, onSaved, onTail }: EmployeePageProps) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: EmployeesListQuery, variables: employeesVariables(filter, after), requestPolicy });
  const employees = data?.attendanceEmployees.employees ?? [];
  useReportTail(onTail, { hasMore: data?.attendanceEmployees.hasMore ?? false, next: employees.at(-1)?.id ?? null, fetching: fetching && !data });

  if (error && !data) return <PageError wide={wide} columns={5} message={combinedErrorMessage(t, error)} />;
  return (
    <>
      {employees.map((employee) =>
        wide ? (
          <tr key={employee.id} className="members-table__row">
            <td>
              <span className="attendance-employee__name">{employeeName(employee)}</span>
              {employee.active ? null : <span className="badge badge--neutral attendance-employee__badge">{t('attendance.employees.suspended')}</span>}
            </td>
            <td className="members-table__login">{employee.loginId}</td>
            <td>{employee.orgUnitName ?? '—'}</td>
            <td>{employee.employmentTypeName ?? '—'}</td>
            <td className="attendance-employees-table__account">
              <AccountIdEditor employee={employee} canEdit={canEdit} onSaved={onSaved} />
            </td>
          </tr>
        ) : (
          <li key={employee.id} className="attendance-employee">
            <div className="attendance-employee__head">
              <span className="attendance-employee__name">{employeeName(employee)}</span>
              {employee.active ? null : <span className="badge badge--neutral">{t('attendance.employees.suspended')}</span>}
            </div>
            <span className="members-card__login">{employee.loginId}</span>
            <span className="members-card__details">
              {[employee.orgUnitName, employee.employmentTypeName].filter(Boolean).join(' · ') || t('attendance.employees.noDepartment')}
            </span>
            <AccountIdEditor employee={employee} canEdit={canEdit} onSaved={onSaved} />
          </li>
        ),
      )}
    </>
  );
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; cleared: boolean } | { kind: 'error'; message: string };

/** The account id, edited in place: Enter or leaving the field saves, Escape puts the saved value back. */
function AccountIdEditor({ employee, canEdit, onSaved }: { employee: Employee; canEdit: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const saved = employee.accountId ?? '';
  const [value, setValue] = useState(saved);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const [, setAccount] = useMutation(SetAccountMutation);
  // Enter saves, and the blur that may follow must not send the same change again.
  const inFlight = useRef(false);
  const label = t('attendance.employees.accountIdFor', { name: employeeName(employee) });

  // A change from elsewhere (CSV import, another tab's refetch) shows unless this field is being edited.
  const lastSaved = useRef(saved);
  useEffect(() => {
    if (saved === lastSaved.current) return;
    lastSaved.current = saved;
    setValue(saved);
  }, [saved]);

  // EXTERNAL linkages: the LINE WORKS user id the account id resolved to, shown small under it.
  const resolved = employee.lineWorksUserId ? (
    <span className="attendance-account__resolved">{t('attendance.employees.resolvedUserId', { id: employee.lineWorksUserId })}</span>
  ) : null;

  if (!canEdit) {
    return (
      <span className="attendance-account attendance-account--readonly">
        <span>{saved || <span className="attendance-muted">{t('attendance.employees.accountIdPlaceholder')}</span>}</span>
        {resolved}
      </span>
    );
  }

  async function save() {
    const next = value.trim().toLowerCase();
    if (inFlight.current) return;
    if (next === saved) {
      if (value !== saved) setValue(saved);
      return;
    }
    // Checked as the API checks it: a mistyped id is not sent, and the field says why.
    const checked = next === '' ? null : attendanceAccountIdSchema.safeParse(next).error?.issues[0];
    if (checked) {
      setState({ kind: 'error', message: checked.code === 'too_big' ? t('attendance.employees.tooLong') : t('attendance.employees.invalidAccountId') });
      return;
    }
    setState({ kind: 'saving' });
    inFlight.current = true;
    const result = await setAccount({ input: { memberId: employee.id, accountId: next || null } });
    inFlight.current = false;
    const settled = settle(t, result.data?.setAttendanceAccount, result.error);
    if (!settled.ok) {
      const field = settled.fieldErrors.get('accountId');
      const message = field
        ? attendanceError(t, field, {
            duplicate: t('attendance.employees.duplicate'),
            too_big: t('attendance.employees.tooLong'),
            invalid_format: t('attendance.employees.invalidAccountId'),
          })
        : settled.message;
      setState({ kind: 'error', message });
      return;
    }
    const stored = settled.data.employee.accountId ?? '';
    lastSaved.current = stored;
    setValue(stored);
    setState({ kind: 'saved', cleared: stored === '' });
    onSaved();
  }

  const status =
    state.kind === 'saving'
      ? t('attendance.employees.saving')
      : state.kind === 'saved'
        ? state.cleared
          ? t('attendance.employees.cleared')
          : t('attendance.employees.saved')
        : '';

  return (
    <div className={state.kind === 'error' ? 'attendance-account field--invalid' : 'attendance-account'}>
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field__control attendance-account__input"
        value={value}
        maxLength={200}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        enterKeyHint="done"
        placeholder={t('attendance.employees.accountIdPlaceholder')}
        aria-invalid={state.kind === 'error' ? true : undefined}
        aria-describedby={state.kind === 'error' ? `${id}-error` : `${id}-status`}
        onChange={(event) => {
          setValue(event.target.value);
          if (state.kind !== 'saving') setState({ kind: 'idle' });
        }}
        onBlur={() => void save()}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void save();
          } else if (event.key === 'Escape') {
            setValue(saved);
            setState({ kind: 'idle' });
          }
        }}
      />
      {state.kind === 'error' ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {state.message}
        </p>
      ) : (
        <span className="attendance-account__status" id={`${id}-status`} role="status">
          {status}
        </span>
      )}
      {resolved}
    </div>
  );
}
