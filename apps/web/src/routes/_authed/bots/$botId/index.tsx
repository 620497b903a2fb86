import { createFileRoute } from '@tanstack/react-router';
import { optionalFlag, searchParams } from '../../../../lib/search.ts';
import { loadAccess } from '../../../../graphql/access.ts';
import { BotDetailPage, BotDetailQuery } from '../../-components/bots/BotDetailPage.tsx';

const searchSchema = searchParams({
    registered: optionalFlag(),
    saved: optionalFlag(),
  });

export const Route = createFileRoute('/_authed/bots/$botId/')({
  // Set by the form after registering or saving, to say so on the detail page.
  validateSearch: searchSchema,
  loader: async ({ context, params }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('bots')) await client.query(BotDetailQuery, { id: params.botId }).toPromise();
  },
  component: BotDetailPage,
});
