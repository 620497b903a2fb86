// Readers for URL search parameters, used by the routes' `validateSearch`. That code is part of
// the entry chunk every page loads (the sign-in pages included), so these are small functions
// rather than a schema library. Anything malformed in a URL is dropped (read as undefined) rather
// than failing the page: a stale bookmark or an edited link still opens the page.

type Reader<T> = (value: unknown) => T;

/** The search a set of readers gives: a parameter whose reader may give undefined is optional. */
export type SearchOf<R extends Record<string, Reader<unknown>>> = {
  [K in keyof R as undefined extends ReturnType<R[K]> ? K : never]?: ReturnType<R[K]>;
} & { [K in keyof R as undefined extends ReturnType<R[K]> ? never : K]: ReturnType<R[K]> };

/** A `validateSearch` function from one reader per parameter; absent values are left out. */
export function searchParams<R extends Record<string, Reader<unknown>>>(readers: R) {
  return (search: Record<string, unknown>): SearchOf<R> => {
    const result: Record<string, unknown> = {};
    for (const [key, read] of Object.entries(readers)) {
      const value = read(search[key]);
      if (value !== undefined) result[key] = value;
    }
    return result as SearchOf<R>;
  };
}

/** Free text, at most `max` characters. */
export const optionalText =
  (max: number): Reader<string | undefined> =>
  (value) =>
    typeof value === 'string' && value.length <= max ? value : undefined;

/** Free text, trimmed, and absent when empty. */
export const optionalTrimmedText =
  (max: number): Reader<string | undefined> =>
  (value) => {
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    return trimmed && trimmed.length <= max ? trimmed : undefined;
  };

/** An id (global or otherwise): trimmed, non-empty, at most `max` characters. */
export const optionalId = (max = 200) => optionalTrimmedText(max);

export const optionalEnum =
  <const T extends readonly string[]>(values: T): Reader<T[number] | undefined> =>
  (value) =>
    values.find((allowed) => allowed === value);

/** One of `values`, else `fallback` (also when absent). */
export const enumOr =
  <const T extends readonly string[]>(values: T, fallback: T[number]): Reader<T[number]> =>
  (value) =>
    values.find((allowed) => allowed === value) ?? fallback;

/** `true`/`false` (the router parses `?saved=true` into a boolean). */
export const optionalFlag = (): Reader<boolean | undefined> => (value) => (typeof value === 'boolean' ? value : undefined);

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A month as YYYY-MM. */
export const optionalMonth = (): Reader<string | undefined> => (value) =>
  typeof value === 'string' && monthPattern.test(value) ? value : undefined;

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with a Z or ±hh:mm offset that names a real instant. */
export const optionalInstant = (): Reader<string | undefined> => (value) =>
  typeof value === 'string' && instantPattern.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
