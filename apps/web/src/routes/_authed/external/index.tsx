import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { loadAccess } from '../../../graphql/access.ts';
import { ExternalDomainsQuery, ExternalPage, ExternalSettingsQuery } from '../-components/external/ExternalPage.tsx';

export const Route = createFileRoute('/_authed/external/')({
  validateSearch: z.object({ domainId: z.string().optional() }),
  loaderDeps: ({ search }) => ({ domainId: search.domainId }),
  loader: async ({ context, deps }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (!access?.canView('external')) return;
    const domains = await client.query(ExternalDomainsQuery, {}).toPromise();
    const domainId = deps.domainId ?? domains.data?.externalDomains[0]?.id;
    if (domainId) await client.query(ExternalSettingsQuery, { domainId }).toPromise();
  },
  component: ExternalPage,
});
