import { createFileRoute } from '@tanstack/react-router';
import { ViewerAccessQuery } from '../../../../graphql/access.ts';
import { MemberDirectoryQuery } from '../../-components/members/directory.ts';
import { EditMemberPage, MemberEditQuery } from '../../-components/members/MemberFormPages.tsx';

export const Route = createFileRoute('/_authed/members/$memberId/edit')({
  loader: async ({ context, params }) => {
    const client = context.graphql.current();
    await Promise.all([
      client.query(MemberEditQuery, { id: params.memberId }).toPromise(),
      client.query(MemberDirectoryQuery, {}).toPromise(),
      client.query(ViewerAccessQuery, {}).toPromise(),
    ]);
  },
  component: EditMemberPage,
});
