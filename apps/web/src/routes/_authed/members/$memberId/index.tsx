import { createFileRoute } from '@tanstack/react-router';
import { ViewerAccessQuery } from '../../../../graphql/access.ts';
import { loadMessages } from '../../../../i18n/i18n.ts';
import { MemberDetailPage, MemberDetailQuery } from '../../-components/members/MemberDetailPage.tsx';

export const Route = createFileRoute('/_authed/members/$memberId/')({
  loader: async ({ context, params }) => {
    const client = context.graphql.current();
    await Promise.all([
      client.query(MemberDetailQuery, { id: params.memberId }).toPromise(),
      client.query(ViewerAccessQuery, {}).toPromise(),
      // The contact cards (ShareCards) speak the external messaging's words.
      loadMessages('external'),
    ]);
  },
  component: MemberDetailPage,
});
