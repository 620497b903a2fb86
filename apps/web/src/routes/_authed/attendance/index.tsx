import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../graphql/access.ts';
import { AttendanceOverviewQuery } from '../-components/attendance/linkage.ts';
import { OverviewPage } from '../-components/attendance/OverviewPage.tsx';

export const Route = createFileRoute('/_authed/attendance/')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('attendance')) await client.query(AttendanceOverviewQuery, {}).toPromise();
  },
  component: OverviewPage,
});
