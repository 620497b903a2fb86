import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { csrfHeaderName, readCsrfToken } from './csrf.ts';
import schema from './introspection.json';

// Types without an id are embedded in their parent instead of normalized.
const embedded = () => null;

export function createGraphqlClient(): Client {
  return new Client({
    url: '/graphql',
    // POST only: GET requests would need a separate CSRF exemption on the server.
    preferGetMethod: false,
    fetchOptions: () => ({
      credentials: 'same-origin',
      headers: { [csrfHeaderName]: readCsrfToken() },
    }),
    exchanges: [
      cacheExchange({
        schema,
        keys: {
          Viewer: embedded,
          Authorities: embedded,
          SetupStatus: embedded,
          DemoLogin: embedded,
          FieldError: embedded,
          ValidationError: embedded,
          AuthenticationError: embedded,
          RateLimitedError: embedded,
          ConflictError: embedded,
          MutationLoginSuccess: embedded,
          MutationSetupSuccess: embedded,
        },
        updates: {
          Mutation: {
            // A new session changes who the viewer is; refetch it rather than trust stale data.
            login(result, _args, cache) {
              if (hasTypename(result['login'], 'MutationLoginSuccess')) {
                cache.invalidate('Query', 'viewer');
              }
            },
            setup(result, _args, cache) {
              if (hasTypename(result['setup'], 'MutationSetupSuccess')) {
                cache.invalidate('Query', 'viewer');
                cache.invalidate('Query', 'setupStatus');
              }
            },
          },
        },
      }),
      fetchExchange,
    ],
  });
}

function hasTypename(value: unknown, typename: string): boolean {
  return typeof value === 'object' && value !== null && '__typename' in value && value.__typename === typename;
}
