import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../../graphql/access.ts';
import { ApiAppsQuery } from '../../-components/bots/apps/apiAppFragment.ts';
import { ApiAppsPage } from '../../-components/bots/apps/ApiAppsPage.tsx';

export const Route = createFileRoute('/_authed/bots/apps/')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('bots')) await client.query(ApiAppsQuery, {}).toPromise();
  },
  component: ApiAppsPage,
});
