import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../graphql/access.ts';
import { BotQuotaQuery, BotsListQuery, BotsPage, botsPageVariables } from '../-components/bots/BotsPage.tsx';

export const Route = createFileRoute('/_authed/bots/')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (!access?.canView('bots')) return;
    await Promise.all([client.query(BotQuotaQuery, {}).toPromise(), client.query(BotsListQuery, botsPageVariables(null)).toPromise()]);
  },
  component: BotsPage,
});
