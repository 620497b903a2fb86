import { createFileRoute } from '@tanstack/react-router';
import { optionalFlag, searchParams } from '../../../../../lib/search.ts';
import { loadAccess } from '../../../../../graphql/access.ts';
import { ApiAppDetailQuery } from '../../../-components/bots/apps/apiAppFragment.ts';
import { ApiAppDetailPage } from '../../../-components/bots/apps/ApiAppDetailPage.tsx';

const searchSchema = searchParams({
    created: optionalFlag(),
    saved: optionalFlag(),
  });

export const Route = createFileRoute('/_authed/bots/apps/$appId/')({
  // Set by the form after creating or saving, to say so on the detail page (never the secrets).
  validateSearch: searchSchema,
  loader: async ({ context, params }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('bots')) await client.query(ApiAppDetailQuery, { id: params.appId }).toPromise();
  },
  component: ApiAppDetailPage,
});
