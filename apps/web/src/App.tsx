import { RouterProvider } from '@tanstack/react-router';
import { useSyncExternalStore } from 'react';
import { Provider as UrqlProvider } from 'urql';
import type { GraphqlClientStore } from './graphql/client-store.ts';
import type { createAppRouter } from './router.tsx';

interface AppProps {
  graphql: GraphqlClientStore;
  router: ReturnType<typeof createAppRouter>;
}

export function App({ graphql, router }: AppProps) {
  const client = useSyncExternalStore(graphql.subscribe, graphql.current);
  return (
    <UrqlProvider value={client}>
      <RouterProvider router={router} />
    </UrqlProvider>
  );
}
