import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../graphql/access.ts';
import { AdminsPage, AdminsPageQuery } from './-components/admins/AdminsPage.tsx';

export const Route = createFileRoute('/_authed/admins')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    await Promise.all([loadAccess(client), client.query(AdminsPageQuery, {}).toPromise()]);
  },
  component: AdminsPage,
});
