import { createFileRoute, Navigate, Outlet, redirect } from '@tanstack/react-router';
import { useQuery } from 'urql';
import { PageLoading } from '../../components/PageLoading.tsx';
import { queryFresh } from '../../graphql/query.ts';
import { TalkLayout } from './-components/TalkLayout.tsx';
import { TalkViewerQuery } from './-components/documents.ts';

export const Route = createFileRoute('/talk/_member')({
  beforeLoad: async ({ context }) => {
    const result = await queryFresh(context.graphql.current(), TalkViewerQuery, {});
    if (result.error && !result.data) throw result.error;
    if (!result.data?.talkViewer) throw redirect({ to: '/talk/login' });
  },
  component: MemberLayout,
});

function MemberLayout() {
  const [{ data }] = useQuery({ query: TalkViewerQuery });
  if (!data) return <PageLoading />;
  if (!data.talkViewer) return <Navigate to="/talk/login" />;
  return (
    <TalkLayout viewer={data.talkViewer}>
      <Outlet />
    </TalkLayout>
  );
}
