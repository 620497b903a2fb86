import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../../../graphql/access.ts';
import { ApiAppDetailQuery } from '../../../-components/bots/apps/apiAppFragment.ts';
import { EditApiAppPage } from '../../../-components/bots/apps/ApiAppFormPages.tsx';

export const Route = createFileRoute('/_authed/bots/apps/$appId/edit')({
  loader: async ({ context, params }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('bots')) await client.query(ApiAppDetailQuery, { id: params.appId }).toPromise();
  },
  component: EditApiAppPage,
});
