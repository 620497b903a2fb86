import { createFileRoute } from '@tanstack/react-router';
import { ComingSoon } from './-components/ComingSoon.tsx';

export const Route = createFileRoute('/_authed/audit')({
  component: AuditPage,
});

function AuditPage() {
  return <ComingSoon title="nav.audit" />;
}
