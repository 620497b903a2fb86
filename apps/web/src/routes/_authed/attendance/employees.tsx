import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../graphql/access.ts';
import { AccountImportQuery } from '../-components/attendance/AccountsCsv.tsx';
import { AttendanceFiltersQuery, EmployeesPage } from '../-components/attendance/EmployeesPage.tsx';
import { EmployeesListQuery, employeesVariables } from '../-components/attendance/EmployeeList.tsx';
import { employeesFilter, employeesSearchSchema } from '../-components/attendance/search.ts';

export const Route = createFileRoute('/_authed/attendance/employees')({
  validateSearch: employeesSearchSchema,
  loaderDeps: ({ search }) => ({ filter: employeesFilter(search), accountImport: search.accountImport }),
  loader: async ({ context, deps }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (!access?.canView('attendance')) return;
    await Promise.all([
      client.query(AttendanceFiltersQuery, {}).toPromise(),
      client.query(EmployeesListQuery, employeesVariables(deps.filter, null)).toPromise(),
      deps.accountImport ? client.query(AccountImportQuery, { id: deps.accountImport }).toPromise() : null,
    ]);
  },
  component: EmployeesPage,
});
