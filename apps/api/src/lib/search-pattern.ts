/** Queries this short cannot use trigrams as a substring; they match the start of a word instead. */
const SHORT_QUERY = 3

/**
 * The LIKE pattern for a search over a `searchText` column (members, external links): substring for
 * 3+ characters, word start for shorter queries.
 */
export function searchPattern(query: string): string {
  const escaped = query.replace(/[\\%_]/g, (char) => `\\${char}`)
  return [...query].length < SHORT_QUERY ? `% ${escaped}%` : `%${escaped}%`
}
