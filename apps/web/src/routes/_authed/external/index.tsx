import { createFileRoute } from '@tanstack/react-router';
import { optionalText, searchParams } from '../../../lib/search.ts';
import { loadAccess } from '../../../graphql/access.ts';
import { ExternalDomainsQuery, ExternalPage, ExternalSettingsQuery } from '../-components/external/ExternalPage.tsx';

const searchSchema = searchParams({ domainId: optionalText(200) });

export const Route = createFileRoute('/_authed/external/')({
  validateSearch: searchSchema,
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
