import { createFileRoute } from '@tanstack/react-router';
import { SetupStatusQuery } from '../graphql/session.ts';
import { SetupPage } from './-components/SetupPage.tsx';

export const Route = createFileRoute('/setup')({
  loader: async ({ context }) => {
    await context.graphql.current().query(SetupStatusQuery, {}).toPromise();
  },
  component: SetupPage,
});
