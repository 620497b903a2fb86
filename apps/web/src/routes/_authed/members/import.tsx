import { createFileRoute } from '@tanstack/react-router';
import { ViewerAccessQuery } from '../../../graphql/access.ts';
import { MemberDirectoryQuery } from '../-components/members/directory.ts';
import { MemberImportQuery } from '../-components/members/import/ImportDetail.tsx';
import { ImportPage } from '../-components/members/import/ImportPage.tsx';
import { RecentImportsQuery } from '../-components/members/import/RecentImports.tsx';
import { importSearchSchema } from '../-components/members/search.ts';

export const Route = createFileRoute('/_authed/members/import')({
  validateSearch: importSearchSchema,
  loaderDeps: ({ search }) => ({ id: search.id }),
  loader: async ({ context, deps }) => {
    const client = context.graphql.current();
    await Promise.all([
      client.query(ViewerAccessQuery, {}).toPromise(),
      deps.id
        ? client.query(MemberImportQuery, { id: deps.id }).toPromise()
        : Promise.all([
            client.query(MemberDirectoryQuery, {}).toPromise(),
            client.query(RecentImportsQuery, {}).toPromise(),
          ]),
    ]);
  },
  component: ImportPage,
});
