import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../graphql/access.ts';
import { timesheetsSearchSchema } from '../-components/attendance/search.ts';
import { TimesheetsPage, TimesheetTenantQuery } from '../-components/attendance/TimesheetsPage.tsx';

export const Route = createFileRoute('/_authed/attendance/timesheets')({
  validateSearch: timesheetsSearchSchema,
  loader: async ({ context }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('attendance')) await client.query(TimesheetTenantQuery, {}).toPromise();
  },
  component: TimesheetsPage,
});
