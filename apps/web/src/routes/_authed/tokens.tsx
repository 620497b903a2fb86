import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../graphql/access.ts';
import { TokensPage, TokensPageQuery } from './-components/tokens/TokensPage.tsx';

export const Route = createFileRoute('/_authed/tokens')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    await Promise.all([loadAccess(client), client.query(TokensPageQuery, {}).toPromise()]);
  },
  component: TokensPage,
});
