import { createFileRoute } from '@tanstack/react-router';
import { loadAccess } from '../../graphql/access.ts';
import { AuditEntriesQuery } from './-components/audit/AuditList.tsx';
import { AuditPage } from './-components/audit/AuditPage.tsx';
import { auditSearchSchema, auditVariables } from './-components/audit/search.ts';

export const Route = createFileRoute('/_authed/audit')({
  validateSearch: auditSearchSchema,
  loaderDeps: ({ search }) => search,
  loader: async ({ context, deps }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (access?.canView('audit')) await client.query(AuditEntriesQuery, auditVariables(deps)).toPromise();
  },
  component: AuditRoute,
});

function AuditRoute() {
  return <AuditPage search={Route.useSearch()} />;
}
