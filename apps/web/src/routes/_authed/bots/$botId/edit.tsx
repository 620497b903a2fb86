import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../../graphql/access.ts';
import { BotDetailQuery } from '../../-components/bots/BotDetailPage.tsx';
import { EditBotPage } from '../../-components/bots/BotFormPages.tsx';

export const Route = createFileRoute('/_authed/bots/$botId/edit')({
  loader: async ({ context, params }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('bots')) await client.query(BotDetailQuery, { id: params.botId }).toPromise();
  },
  component: EditBotPage,
});
