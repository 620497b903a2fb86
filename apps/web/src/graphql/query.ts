import type { AnyVariables, Client, DocumentInput, OperationResult } from '@urql/core';

/**
 * Runs a query for a route guard or loader and resolves with the first result that is not stale.
 * Graphcache may first answer from a partial cache (marked stale) while it refetches; a guard must
 * not decide on that answer.
 */
export function queryFresh<Data, Variables extends AnyVariables>(
  client: Client,
  query: DocumentInput<Data, Variables>,
  variables: Variables,
): Promise<OperationResult<Data, Variables>> {
  return new Promise((resolve) => {
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    const subscription = client.query(query, variables).subscribe((result) => {
      if (settled || result.stale) return;
      settled = true;
      resolve(result);
      unsubscribe?.();
    });
    if (settled) subscription.unsubscribe();
    else unsubscribe = subscription.unsubscribe;
  });
}
