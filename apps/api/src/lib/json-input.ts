/**
 * JSON input nested deeper than this is refused at the edge, before anything walks it: the schema
 * checks, serializers and the database driver all recurse, and 10,000 nested arrays (20 KB) ran
 * them out of stack. Real payloads (flex messages included) stay far below it.
 */
export const JSON_MAX_DEPTH = 100

export interface JsonInputProblem {
  /** `nul`: a string or key holds U+0000 (PostgreSQL text cannot); `depth`: nested too deeply. */
  kind: 'nul' | 'depth'
  /** Where: object keys and array indexes from the top. */
  path: string[]
}

/**
 * The first thing in a parsed JSON value that no edge accepts, or null. Walked with a stack of its
 * own rather than recursion, so the deepest value costs no call stack.
 */
export function jsonInputProblem(value: unknown, maxDepth = JSON_MAX_DEPTH): JsonInputProblem | null {
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, path } = next
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { kind: 'nul', path }
      continue
    }
    if (!current || typeof current !== 'object') continue
    if (path.length >= maxDepth) return { kind: 'depth', path }
    const entries = Array.isArray(current) ? current.map((item, index) => [String(index), item] as const) : Object.entries(current)
    // Pushed last to first, so the walk visits them in order.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index] ?? ['', undefined]
      if (key.includes('\u0000')) return { kind: 'nul', path: [...path, key] }
      pending.push({ value: item, path: [...path, key] })
    }
  }
  return null
}
