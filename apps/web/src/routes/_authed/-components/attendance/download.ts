import { csrfHeaderName, readCsrfToken } from '../../../../graphql/csrf.ts';

export type DownloadResult = { ok: true; fileName: string } | { ok: false; reason: 'AUTHENTICATION' | 'FORBIDDEN' | 'VALIDATION' | 'network' | 'unexpected' };

const failures: Record<number, 'AUTHENTICATION' | 'FORBIDDEN' | 'VALIDATION'> = { 400: 'VALIDATION', 401: 'AUTHENTICATION', 403: 'FORBIDDEN' };

/**
 * Fetches an export and saves it. A plain link cannot send the CSRF header the REST endpoints need,
 * so the file comes through fetch and is handed to the browser as a Blob.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<DownloadResult> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { [csrfHeaderName]: readCsrfToken() } });
  } catch {
    return { ok: false, reason: 'network' };
  }
  if (!response.ok) return { ok: false, reason: failures[response.status] ?? 'unexpected' };
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, fileName };
}
