import { createFileRoute } from '@tanstack/react-router';
import { ComingSoon } from './-components/ComingSoon.tsx';

export const Route = createFileRoute('/_authed/tokens')({
  component: TokensPage,
});

function TokensPage() {
  return <ComingSoon title="nav.tokens" />;
}
