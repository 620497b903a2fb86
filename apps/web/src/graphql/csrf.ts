export const csrfCookieName = 'wb_csrf';
export const csrfHeaderName = 'x-csrf-token';
/** A member signed in to the talk view has a session of their own, with its own token. */
export const memberCsrfCookieName = 'wb_mcsrf';
export const memberCsrfHeaderName = 'x-member-csrf-token';

/** Read on every request: the server may rotate the token (e.g. at login). */
export function readCsrfToken(cookieString: string = document.cookie, name: string = csrfCookieName): string {
  for (const part of cookieString.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) {
      return decodeURIComponent(part.slice(separator + 1).trim());
    }
  }
  return '';
}

/** The CSRF headers of every request: the admin's and the member's (when their session exists). */
export function csrfHeaders(cookieString: string = document.cookie): Record<string, string> {
  return {
    [csrfHeaderName]: readCsrfToken(cookieString),
    [memberCsrfHeaderName]: readCsrfToken(cookieString, memberCsrfCookieName),
  };
}
