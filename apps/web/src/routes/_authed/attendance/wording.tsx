import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../graphql/access.ts';
import { AttendanceWordsQuery, WordingPage } from '../-components/attendance/WordingPage.tsx';

export const Route = createFileRoute('/_authed/attendance/wording')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('attendance')) await client.query(AttendanceWordsQuery, {}).toPromise();
  },
  component: WordingPage,
});
