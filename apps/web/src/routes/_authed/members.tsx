import { createFileRoute } from '@tanstack/react-router';
import { ComingSoon } from './-components/ComingSoon.tsx';

export const Route = createFileRoute('/_authed/members')({
  component: MembersPage,
});

function MembersPage() {
  return <ComingSoon title="nav.members" />;
}
