import { createFileRoute } from '@tanstack/react-router';
import { HomePage, HomeQuery } from './-components/home/HomePage.tsx';

export const Route = createFileRoute('/_authed/')({
  loader: async ({ context }) => {
    await context.graphql.current().query(HomeQuery, {}).toPromise();
  },
  component: HomePage,
});
