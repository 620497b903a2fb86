import type { Client } from '@urql/core';
import { graphql } from './graphql.ts';
import { queryFresh } from './query.ts';

export const SignedInQuery = graphql(`
  query SignedIn {
    viewer {
      admin {
        id
      }
    }
  }
`);

export const SetupStatusQuery = graphql(`
  query SetupStatus {
    setupStatus {
      needsSetup
      demo {
        email
        password
      }
    }
  }
`);

/** False when signed out, and also when the server cannot be reached (the login page then says so). */
export async function isSignedIn(client: Client): Promise<boolean> {
  const result = await queryFresh(client, SignedInQuery, {});
  return Boolean(result.data?.viewer);
}
