/**
 * Credentials the server returns once (a new app's Client Secret, a service account's private key),
 * handed from the create form to the app's page in memory only: never in the URL or history state,
 * so a reload or a later visit cannot show them again.
 */
export interface OneTimeCredentials {
  clientSecret?: string | undefined;
  serviceAccount?: { accountId: string; privateKey: string } | undefined;
  /** Why the service account asked for with the new app could not be issued. */
  serviceAccountError?: string | undefined;
}

const pending = new Map<string, OneTimeCredentials>();

export function handOver(appId: string, credentials: OneTimeCredentials): void {
  pending.set(appId, credentials);
}

/** What was handed over for the app, if anything; `forget` drops it once the page holds it. */
export function peekHandedOver(appId: string): OneTimeCredentials | undefined {
  return pending.get(appId);
}

export function forgetHandedOver(appId: string): void {
  pending.delete(appId);
}
