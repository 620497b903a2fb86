import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../graphql/access.ts';
import { AttendanceEmployeeQuery } from '../-components/attendance/EmployeePicker.tsx';
import { timesheetsSearchSchema } from '../-components/attendance/search.ts';
import { TimesheetsPage, TimesheetTenantQuery } from '../-components/attendance/TimesheetsPage.tsx';

export const Route = createFileRoute('/_authed/attendance/timesheets')({
  validateSearch: timesheetsSearchSchema,
  loaderDeps: ({ search }) => ({ employee: search.employee }),
  loader: async ({ context, deps }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (!access?.canView('attendance')) return;
    await Promise.all([
      client.query(TimesheetTenantQuery, {}).toPromise(),
      deps.employee ? client.query(AttendanceEmployeeQuery, { id: deps.employee }).toPromise() : null,
    ]);
  },
  component: TimesheetsPage,
});
