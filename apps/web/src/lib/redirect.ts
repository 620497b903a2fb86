import { z } from 'zod';

/**
 * Where to go after signing in. Only same-origin paths are accepted ("/x", not "//host" or
 * "https://…"), so a crafted link cannot send the admin to another site.
 */
export const redirectTarget = z
  .string()
  .max(2000)
  .refine((value) => value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\'));

export const authSearchSchema = z.object({
  redirect: redirectTarget.optional().catch(undefined),
});

export const afterSignIn = '/members';
