import { createFileRoute } from '@tanstack/react-router';
import { ComingSoon } from './-components/ComingSoon.tsx';

export const Route = createFileRoute('/_authed/admins')({
  component: AdminsPage,
});

function AdminsPage() {
  return <ComingSoon title="nav.admins" />;
}
