import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { loadAccess } from '../../../../graphql/access.ts';
import { BotDetailPage, BotDetailQuery } from '../../-components/bots/BotDetailPage.tsx';

export const Route = createFileRoute('/_authed/bots/$botId/')({
  // Set by the form after registering or saving, to say so on the detail page.
  validateSearch: z.object({
    registered: z.boolean().optional().catch(undefined),
    saved: z.boolean().optional().catch(undefined),
  }),
  loader: async ({ context, params }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('bots')) await client.query(BotDetailQuery, { id: params.botId }).toPromise();
  },
  component: BotDetailPage,
});
