import { BOT_CALLBACK_URL_MAX, BOT_MANAGERS_MAX } from '@worksbase/schema';

// The checks the server makes (packages/schema/src/bots.ts, apps/api/src/lib/outbound.ts), made
// before sending so that most mistakes are shown at once. The server still decides: whether the
// host resolves to a public address (and plain http for allow-listed hosts) is known only there.

/** What the server stores for a name or description: line breaks become spaces, ends are trimmed. */
export function normalizeBotText(value: string): string {
  return value.replace(/\r\n|\r|\n/g, ' ').trim();
}

/** Characters as the server counts them (code points, after normalizing). */
export function botTextLength(value: string): number {
  return [...normalizeBotText(value)].length;
}

export type TextProblem = { kind: 'required' } | { kind: 'tooLong'; count: number; max: number } | { kind: 'control' };

export function checkBotText(value: string, max: number): TextProblem | undefined {
  const normalized = normalizeBotText(value);
  if (normalized === '') return { kind: 'required' };
  const count = [...normalized].length;
  if (count > max) return { kind: 'tooLong', count, max };
  if (/\p{Cc}/u.test(normalized)) return { kind: 'control' };
  return undefined;
}

/** Codes as the server's OutboundError uses them, plus `required` when the callback is on without a URL. */
export type CallbackUrlProblem = 'required' | 'INVALID_URL' | 'TOO_LONG' | 'NOT_HTTPS' | 'CREDENTIALS' | 'FRAGMENT';

export function checkCallbackUrl(value: string, enabled: boolean): CallbackUrlProblem | undefined {
  const raw = value.trim();
  if (raw === '') return enabled ? 'required' : undefined;
  if (raw.length > BOT_CALLBACK_URL_MAX) return 'TOO_LONG';
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

export type PeopleProblem = 'managersRequired' | 'managersTooMany' | 'inBothRoles';

export function checkPeople(managerIds: readonly string[], viceIds: readonly string[]): { managers?: PeopleProblem; vice?: PeopleProblem } {
  const problems: { managers?: PeopleProblem; vice?: PeopleProblem } = {};
  if (managerIds.length === 0) problems.managers = 'managersRequired';
  else if (managerIds.length > BOT_MANAGERS_MAX) problems.managers = 'managersTooMany';
  if (viceIds.length > BOT_MANAGERS_MAX) problems.vice = 'managersTooMany';
  else if (viceIds.some((id) => managerIds.includes(id))) problems.vice = 'inBothRoles';
  return problems;
}
