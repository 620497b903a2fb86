import { optionalEnum, optionalId, optionalMonth, optionalText, searchParams } from '../../../../lib/search.ts';

/** The employee list's search and filters, kept in the URL (reload, back button, shared link). */
export const employeesSearchSchema = searchParams({
  q: optionalText(100),
  orgUnitId: optionalId(),
  employmentTypeId: optionalId(),
  linked: optionalEnum(['yes', 'no']),
  /** The account CSV import shown (its global id). */
  accountImport: optionalId(),
});

export type EmployeesSearch = ReturnType<typeof employeesSearchSchema>;

/** The `attendanceEmployees` arguments of a search (without paging). */
export function employeesFilter(search: EmployeesSearch) {
  return {
    query: search.q?.trim() || null,
    orgUnitId: search.orgUnitId ?? null,
    employmentTypeId: search.employmentTypeId ?? null,
    linked: search.linked === 'yes' ? true : search.linked === 'no' ? false : null,
  };
}

export type EmployeesFilter = ReturnType<typeof employeesFilter>;

/** The timesheet shown: an employee (the member's global id) and a month. */
export const timesheetsSearchSchema = searchParams({
  employee: optionalId(300),
  month: optionalMonth(),
});

export type TimesheetsSearch = ReturnType<typeof timesheetsSearchSchema>;
