import { createFileRoute } from '@tanstack/react-router';
import { ViewerAccessQuery } from '../../../../graphql/access.ts';
import { MemberDetailPage, MemberDetailQuery } from '../../-components/members/MemberDetailPage.tsx';

export const Route = createFileRoute('/_authed/members/$memberId/')({
  loader: async ({ context, params }) => {
    const client = context.graphql.current();
    await Promise.all([
      client.query(MemberDetailQuery, { id: params.memberId }).toPromise(),
      client.query(ViewerAccessQuery, {}).toPromise(),
    ]);
  },
  component: MemberDetailPage,
});
