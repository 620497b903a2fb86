import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../graphql/access.ts';
import { DomainsPage, DomainsPageQuery } from './-components/domains/DomainsPage.tsx';

export const Route = createFileRoute('/_authed/domains')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('members')) await client.query(DomainsPageQuery, {}).toPromise();
  },
  component: DomainsPage,
});
