import { tokenLifetimes } from '@worksbase/schema';
import { graphql, type ResultOf } from '../../../../../graphql/graphql.ts';

/**
 * Everything the pages show of an API app. The mutations that return an app select it, so the list
 * and the detail page follow without refetching.
 */
export const ApiAppFragment = graphql(`
  fragment ApiApp_app on ApiApp {
    __typename
    id
    name
    clientId
    scopes
    tokenLifetime
    serviceAccounts {
      id
      accountId
      createdAt
    }
    createdAt
  }
`);

export type ApiApp = ResultOf<typeof ApiAppFragment>;

/**
 * A new or regenerated Client Secret with its app (shown once). Unmasked: the create form and the
 * detail page read the secret straight from the mutation's answer.
 */
export const ApiAppWithSecretFragment = graphql(
  `
    fragment ApiAppWithSecret_result on ApiAppWithSecret @_unmask {
      clientSecret
      app {
        id
        ...ApiApp_app
      }
    }
  `,
  [ApiAppFragment],
);
export type OAuthScopeName = ApiApp['scopes'][number];

export const ApiAppsQuery = graphql(
  `
    query ApiApps {
      apiApps {
        id
        ...ApiApp_app
      }
    }
  `,
  [ApiAppFragment],
);

export const ApiAppDetailQuery = graphql(
  `
    query ApiAppDetail($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on ApiApp {
          ...ApiApp_app
        }
      }
    }
  `,
  [ApiAppFragment],
);

/** The scopes in the order the form offers them (LINE WORKS API 2.0 names, broadest first). */
export const oauthScopeNames = [
  'BOT',
  'BOT_MESSAGE',
  'BOT_READ',
  'USER_READ',
  'USER_EMAIL_READ',
  'DIRECTORY',
  'DIRECTORY_READ',
  'AUDIT_READ',
] as const satisfies readonly OAuthScopeName[];

/** The wire name an integrator requests: BOT_MESSAGE → bot.message. */
export function scopeWireName(scope: OAuthScopeName): string {
  return scope.toLowerCase().replaceAll('_', '.');
}

export type TokenLifetime = (typeof tokenLifetimes)[number];

export function isTokenLifetime(value: number): value is TokenLifetime {
  return tokenLifetimes.some((lifetime) => lifetime === value);
}

/** The message key of a lifetime (the API allows only these two). */
export function lifetimeKey(seconds: number): `${TokenLifetime}` {
  return seconds === 3600 ? '3600' : '86400';
}
