import { createFileRoute, redirect } from '@tanstack/react-router';
import { SetupStatusQuery, isSignedIn } from '../graphql/session.ts';
import { afterSignIn, authSearchSchema } from '../lib/redirect.ts';
import { LoginPage } from './-components/LoginPage.tsx';

export const Route = createFileRoute('/login')({
  validateSearch: authSearchSchema,
  beforeLoad: async ({ context, search }) => {
    if (await isSignedIn(context.graphql.current())) {
      throw redirect({ href: search.redirect ?? afterSignIn });
    }
  },
  loader: async ({ context }) => {
    await context.graphql.current().query(SetupStatusQuery, {}).toPromise();
  },
  component: LoginRoute,
});

function LoginRoute() {
  const { redirect: redirectTo } = Route.useSearch();
  return <LoginPage redirectTo={redirectTo ?? afterSignIn} />;
}
