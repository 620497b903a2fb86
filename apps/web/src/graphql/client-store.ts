import type { Client } from '@urql/core';
import { createGraphqlClient } from './client.ts';

/**
 * Holds the current urql client. Logging out replaces it, which drops every cached record of the
 * previous session; React (useSyncExternalStore) and the router context both read from here.
 */
export interface GraphqlClientStore {
  current(): Client;
  reset(): Client;
  subscribe(listener: () => void): () => void;
}

export function createGraphqlClientStore(create: () => Client = createGraphqlClient): GraphqlClientStore {
  let client = create();
  const listeners = new Set<() => void>();
  return {
    current: () => client,
    reset() {
      client = create();
      for (const listener of listeners) listener();
      return client;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
