import { createFileRoute } from '@tanstack/react-router';
import { ComingSoon } from './-components/ComingSoon.tsx';

export const Route = createFileRoute('/_authed/domains')({
  component: DomainsPage,
});

function DomainsPage() {
  return <ComingSoon title="nav.domains" />;
}
