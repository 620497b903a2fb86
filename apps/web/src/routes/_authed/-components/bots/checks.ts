// The rules themselves are packages/schema's (botCreateSchema, apiAppInputSchema); what is here
// either shows the text as the server will store it, or is the part of the callback URL check that
// lives in the API (apps/api/src/lib/outbound.ts) rather than in the shared schema. The server still
// decides: whether the host resolves to a public address (and plain http for allow-listed hosts) is
// known only there.

/** What the server stores for a name or description: line breaks become spaces, ends are trimmed. */
export function normalizeBotText(value: string): string {
  return value.replace(/\r\n|\r|\n/g, ' ').trim();
}

/** Characters as the server counts them (code points, after normalizing). */
export function botTextLength(value: string): number {
  return [...normalizeBotText(value)].length;
}

/** Codes as the server's OutboundError uses them for a URL it refuses before resolving its host. */
export type CallbackUrlProblem = 'INVALID_URL' | 'NOT_HTTPS' | 'CREDENTIALS' | 'FRAGMENT';

export function checkCallbackUrl(value: string): CallbackUrlProblem | undefined {
  const raw = value.trim();
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'INVALID_URL';
  }
  if (url.hostname === '') return 'INVALID_URL';
  // Plain http is refused by the server too, except for hosts its operator allow-listed.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'NOT_HTTPS';
  if (url.username !== '' || url.password !== '') return 'CREDENTIALS';
  if (url.hash !== '' || raw.includes('#')) return 'FRAGMENT';
  return undefined;
}
