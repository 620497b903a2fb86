import { createRouter } from '@tanstack/react-router';
import { RouteError } from './components/RouteError.tsx';
import { NotFound } from './components/NotFound.tsx';
import { PageLoading } from './components/PageLoading.tsx';
import type { GraphqlClientStore } from './graphql/client-store.ts';
import { routeTree } from './routeTree.gen.ts';

export interface RouterContext {
  graphql: GraphqlClientStore;
}

export function createAppRouter(graphql: GraphqlClientStore) {
  return createRouter({
    routeTree,
    context: { graphql },
    defaultPreload: 'intent',
    defaultPendingComponent: PageLoading,
    defaultErrorComponent: RouteError,
    defaultNotFoundComponent: NotFound,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
