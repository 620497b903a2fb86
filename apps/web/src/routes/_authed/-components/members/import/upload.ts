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
  fieldErrors: z.array(z.object({ path: z.array(z.string()), code: z.string(), message: z.string(), value: z.string().optional() })).optional(),
});

export type UploadFailureReason = 'tooLarge' | 'empty' | 'invalidFile' | 'signedOut' | 'forbidden' | 'network' | 'unexpected';

/** A file-level problem the server reported (`code` is worded by `memberImport.upload.fileErrors`). */
export interface FileProblem {
  code: string;
  message: string;
  value?: string | undefined;
}

export type UploadResult =
  | { ok: true; id: string }
  | {
      ok: false;
      reason: UploadFailureReason;
      /** What the server found wrong with the file, when it said: a code to word it by, its English message and the value the words need. */
      detail?: FileProblem;
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
  const first = failure.success ? failure.data.fieldErrors?.[0] : undefined;
  const detail: FileProblem | undefined = first
    ? { code: first.code, message: first.message, value: first.value }
    : failure.success
      ? { code: failure.data.code, message: failure.data.description }
      : undefined;
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
