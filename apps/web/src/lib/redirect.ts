import { searchParams } from './search.ts';

/**
 * Where to go after signing in. Only same-origin paths are accepted ("/x", not "//host" or
 * "https://…"), so a crafted link cannot send the admin to another site.
 */
export function redirectTarget(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : undefined;
}

export const authSearchSchema = searchParams({ redirect: redirectTarget });

export const afterSignIn = '/';
