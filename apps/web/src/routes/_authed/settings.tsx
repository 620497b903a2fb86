import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../graphql/access.ts';
import { SettingsPage, SettingsPageQuery } from './-components/settings/SettingsPage.tsx';

export const Route = createFileRoute('/_authed/settings')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.isMaster) await client.query(SettingsPageQuery, {}).toPromise();
  },
  component: SettingsPage,
});
