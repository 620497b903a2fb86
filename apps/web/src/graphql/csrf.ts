export const csrfCookieName = 'wb_csrf';
export const csrfHeaderName = 'x-csrf-token';

/** Read on every request: the server may rotate the token (e.g. at login). */
export function readCsrfToken(cookieString: string = document.cookie): string {
  for (const part of cookieString.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === csrfCookieName) {
      return decodeURIComponent(part.slice(separator + 1).trim());
    }
  }
  return '';
}
