import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../../../graphql/access.ts';
import { NewApiAppPage } from '../../-components/bots/apps/ApiAppFormPages.tsx';

export const Route = createFileRoute('/_authed/bots/apps/new')({
  loader: async ({ context }) => {
    await loadAccess(context.graphql.current());
  },
  component: NewApiAppPage,
});
