import { MEMBER_IMPORT_MAX_BYTES } from '@worksbase/schema';
import { z } from 'zod';
import { csrfHeaderName, readCsrfToken } from '../../../../../graphql/csrf.ts';

const createdSchema = z.object({
  id: z.string(),
  status: z.string(),
  totalRows: z.number(),
  createCount: z.number(),
  updateCount: z.number(),
  skipCount: z.number(),
  errorCount: z.number(),
});

const failureSchema = z.object({
  code: z.string(),
  description: z.string(),
  fieldErrors: z.array(z.object({ path: z.array(z.string()), code: z.string(), message: z.string() })).optional(),
});

export type UploadFailureReason = 'tooLarge' | 'empty' | 'invalidFile' | 'signedOut' | 'forbidden' | 'network' | 'unexpected';

export type UploadResult =
  | { ok: true; id: string }
  | {
      ok: false;
      reason: UploadFailureReason;
      /** The server's explanation of what is wrong with the file (English), when it gave one. */
      detail?: string;
    };

/**
 * Sends the CSV as the raw request body (no multipart) so the server can stream it into the dry
 * run. Authenticated by the session cookie plus the CSRF header, like GraphQL requests.
 */
export async function uploadMemberCsv(file: File): Promise<UploadResult> {
  if (file.size > MEMBER_IMPORT_MAX_BYTES) return { ok: false, reason: 'tooLarge' };
  if (file.size === 0) return { ok: false, reason: 'empty' };
  let response: Response;
  try {
    response = await fetch(`/api/member-imports?fileName=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
      headers: { 'content-type': 'text/csv', [csrfHeaderName]: readCsrfToken() },
    });
  } catch {
    return { ok: false, reason: 'network' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const created = createdSchema.safeParse(body);
    return created.success ? { ok: true, id: created.data.id } : { ok: false, reason: 'unexpected' };
  }
  const failure = failureSchema.safeParse(body);
  const detail = failure.success ? (failure.data.fieldErrors?.[0]?.message ?? failure.data.description) : undefined;
  switch (response.status) {
    case 400:
      return { ok: false, reason: 'invalidFile', ...(detail && { detail }) };
    case 401:
      return { ok: false, reason: 'signedOut' };
    case 403:
      return { ok: false, reason: 'forbidden' };
    case 413:
      return { ok: false, reason: 'tooLarge' };
    default:
      return { ok: false, reason: 'unexpected' };
  }
}
