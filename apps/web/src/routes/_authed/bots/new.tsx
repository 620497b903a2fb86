import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../graphql/access.ts';
import { BotQuotaQuery } from '../-components/bots/BotsPage.tsx';
import { NewBotPage } from '../-components/bots/BotFormPages.tsx';

export const Route = createFileRoute('/_authed/bots/new')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canEdit('bots')) await client.query(BotQuotaQuery, {}).toPromise();
  },
  component: NewBotPage,
});
