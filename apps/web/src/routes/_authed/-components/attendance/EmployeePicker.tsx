import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SearchBox } from '../../../../components/SearchBox.tsx';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { type Employee, EmployeeFieldsFragment, EmployeesListQuery, employeeName } from './EmployeeList.tsx';

const RESULTS = 20;

export const AttendanceEmployeeQuery = graphql(
  `
    query AttendanceEmployee($id: ID!) {
      attendanceEmployee(id: $id) {
        ...AttendanceEmployeeFields
      }
    }
  `,
  [EmployeeFieldsFragment],
);

/** Finds an employee by name or login id. */
export function EmployeePicker({ onPick }: { onPick: (employee: Employee) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [{ data, error, fetching }] = useQuery({
    query: EmployeesListQuery,
    variables: { query: query.trim() || null, orgUnitId: null, employmentTypeId: null, linked: null, first: RESULTS, after: null },
  });
  const employees = data?.attendanceEmployees.employees ?? [];
  return (
    <div className="card attendance-picker">
      <span className="field__label">{t('attendance.timesheets.employee')}</span>
      <SearchBox label={t('attendance.timesheets.searchEmployee')} placeholder={t('attendance.timesheets.searchPlaceholder')} value={query} onSearch={setQuery} />
      {error && !data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {data && employees.length === 0 ? <p className="attendance-muted">{t('attendance.timesheets.noMatches')}</p> : null}
      {!data && fetching ? <p className="attendance-muted">{t('app.loading')}</p> : null}
      <ul className="attendance-picker__list" aria-label={t('attendance.timesheets.employee')}>
        {employees.map((employee) => (
          <li key={employee.id}>
            <button type="button" className="attendance-picker__item" onClick={() => onPick(employee)}>
              <span className="attendance-picker__name">{employeeName(employee)}</span>
              <span className="attendance-picker__meta">
                {employee.loginId}
                {employee.orgUnitName ? ` · ${employee.orgUnitName}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The employee a timesheet URL names by the member's id; a malformed or unknown id finds none. */
export function useEmployee(id: string | undefined): { employee: Employee | undefined; loading: boolean; missing: boolean } {
  const [{ data, error, fetching }] = useQuery({ query: AttendanceEmployeeQuery, variables: { id: id ?? '' }, pause: !id });
  const employee = data?.attendanceEmployee ?? undefined;
  return { employee, loading: Boolean(id) && !data && !error && fetching, missing: Boolean(id && !employee && (data || error)) };
}
