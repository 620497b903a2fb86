import { createFileRoute, Navigate, Outlet, redirect } from '@tanstack/react-router';
import { useQuery } from 'urql';
import { AppShell } from '../components/AppShell.tsx';
import { AppShellViewerFragment } from '../components/AppShell.fragment.ts';
import { PageLoading } from '../components/PageLoading.tsx';
import { ShellRouteError } from '../components/RouteError.tsx';
import { graphql } from '../graphql/graphql.ts';
import { queryFresh } from '../graphql/query.ts';
import { loadMessages } from '../i18n/i18n.ts';

const AuthedViewerQuery = graphql(
  `
    query AuthedViewer {
      viewer {
        ...AppShell_viewer
      }
    }
  `,
  [AppShellViewerFragment],
);

export const Route = createFileRoute('/_authed')({
  beforeLoad: async ({ context, location }) => {
    const [result] = await Promise.all([queryFresh(context.graphql.current(), AuthedViewerQuery, {}), loadMessages('admin')]);
    if (result.error && !result.data) throw result.error;
    if (!result.data?.viewer) {
      throw redirect({ to: '/login', search: { redirect: location.href } });
    }
  },
  errorComponent: ShellRouteError,
  component: AuthedLayout,
});

function AuthedLayout() {
  const [{ data }] = useQuery({ query: AuthedViewerQuery });
  if (!data) return <PageLoading />;
  if (!data.viewer) return <Navigate to="/login" />;
  return (
    <AppShell viewer={data.viewer}>
      <Outlet />
    </AppShell>
  );
}
