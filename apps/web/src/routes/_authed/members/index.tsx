import { createFileRoute } from '@tanstack/react-router';
import { ViewerAccessQuery } from '../../../graphql/access.ts';
import { MemberDirectoryQuery } from '../-components/members/directory.ts';
import { MembersListQuery, membersPageVariables } from '../-components/members/MemberList.tsx';
import { MembersPage } from '../-components/members/MembersPage.tsx';
import { membersFilter, membersSearchSchema } from '../-components/members/search.ts';

export const Route = createFileRoute('/_authed/members/')({
  validateSearch: membersSearchSchema,
  loaderDeps: ({ search }) => membersFilter(search),
  loader: async ({ context, deps }) => {
    const client = context.graphql.current();
    await Promise.all([
      client.query(MembersListQuery, membersPageVariables(deps, null)).toPromise(),
      client.query(MemberDirectoryQuery, {}).toPromise(),
      client.query(ViewerAccessQuery, {}).toPromise(),
    ]);
  },
  component: MembersPage,
});
