import { z } from 'zod';

const optionalId = z.string().trim().min(1).max(200).optional().catch(undefined);

/** The employee list's search and filters, kept in the URL (reload, back button, shared link). */
export const employeesSearchSchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  orgUnitId: optionalId,
  employmentTypeId: optionalId,
  linked: z.enum(['yes', 'no']).optional().catch(undefined),
  /** The account CSV import shown (its global id). */
  accountImport: optionalId,
});

export type EmployeesSearch = z.infer<typeof employeesSearchSchema>;

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
export const timesheetsSearchSchema = z.object({
  employee: z.string().trim().min(1).max(300).optional().catch(undefined),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
});

export type TimesheetsSearch = z.infer<typeof timesheetsSearchSchema>;
