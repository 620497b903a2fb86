import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../graphql/access.ts';
import { ConnectedMembersPage, ExternalLinksQuery, linksVariables } from '../-components/external/ConnectedMembersPage.tsx';
import { linksSearchSchema } from '../-components/external/search.ts';

export const Route = createFileRoute('/_authed/external/members')({
  validateSearch: linksSearchSchema,
  loaderDeps: ({ search }) => search,
  loader: async ({ context, deps }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (!access?.canView('external')) return;
    await client.query(ExternalLinksQuery, linksVariables(deps, null)).toPromise();
  },
  component: ConnectedMembersPage,
});
