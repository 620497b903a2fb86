import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { loadAccess } from '../../../../../graphql/access.ts';
import { ApiAppDetailQuery } from '../../../-components/bots/apps/apiAppFragment.ts';
import { ApiAppDetailPage } from '../../../-components/bots/apps/ApiAppDetailPage.tsx';

export const Route = createFileRoute('/_authed/bots/apps/$appId/')({
  // Set by the form after creating or saving, to say so on the detail page (never the secrets).
  validateSearch: z.object({
    created: z.boolean().optional().catch(undefined),
    saved: z.boolean().optional().catch(undefined),
  }),
  loader: async ({ context, params }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('bots')) await client.query(ApiAppDetailQuery, { id: params.appId }).toPromise();
  },
  component: ApiAppDetailPage,
});
