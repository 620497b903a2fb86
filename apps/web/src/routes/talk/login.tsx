import { createFileRoute, redirect } from '@tanstack/react-router';
import { queryFresh } from '../../graphql/query.ts';
import { TalkLoginPage } from './-components/TalkLoginPage.tsx';
import { TalkSetupStatusQuery, TalkViewerQuery } from './-components/documents.ts';

export const Route = createFileRoute('/talk/login')({
  beforeLoad: async ({ context }) => {
    const result = await queryFresh(context.graphql.current(), TalkViewerQuery, {});
    if (result.data?.talkViewer) throw redirect({ to: '/talk' });
  },
  loader: async ({ context }) => {
    await context.graphql.current().query(TalkSetupStatusQuery, {}).toPromise();
  },
  component: TalkLoginPage,
});
