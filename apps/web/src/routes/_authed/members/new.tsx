import { createFileRoute } from '@tanstack/react-router';
import { ViewerAccessQuery } from '../../../graphql/access.ts';
import { MemberDirectoryQuery } from '../-components/members/directory.ts';
import { NewMemberPage } from '../-components/members/MemberFormPages.tsx';

export const Route = createFileRoute('/_authed/members/new')({
  loader: async ({ context }) => {
    const client = context.graphql.current();
    await Promise.all([
      client.query(MemberDirectoryQuery, {}).toPromise(),
      client.query(ViewerAccessQuery, {}).toPromise(),
    ]);
  },
  component: NewMemberPage,
});
