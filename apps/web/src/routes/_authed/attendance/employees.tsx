import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../graphql/access.ts';
import { AttendanceFiltersQuery, EmployeesPage } from '../-components/attendance/EmployeesPage.tsx';
import { EmployeesListQuery, employeesVariables } from '../-components/attendance/EmployeeList.tsx';
import { employeesFilter, employeesSearchSchema } from '../-components/attendance/search.ts';

export const Route = createFileRoute('/_authed/attendance/employees')({
  validateSearch: employeesSearchSchema,
  loaderDeps: ({ search }) => employeesFilter(search),
  loader: async ({ context, deps }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (!access?.canView('attendance')) return;
    await Promise.all([
      client.query(AttendanceFiltersQuery, {}).toPromise(),
      client.query(EmployeesListQuery, employeesVariables(deps, null)).toPromise(),
    ]);
  },
  component: EmployeesPage,
});
