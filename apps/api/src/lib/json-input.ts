// Checks on JSON that came from outside, shared by the REST body reader and the GraphQL endpoint.

/** How deeply JSON input may nest (objects and arrays); LINE WORKS bodies nest fewer than 10 levels. */
export const MAX_JSON_DEPTH = 64

/** Whether JSON text nests deeper than `max`, found by counting brackets outside strings (O(n), no parse). */
export function jsonNestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index)
    if (inString) {
      if (char === 0x5c) index += 1
      else if (char === 0x22) inString = false
    } else if (char === 0x22) inString = true
    else if (char === 0x5b || char === 0x7b) {
      depth += 1
      if (depth > max) return true
    } else if (char === 0x5d || char === 0x7d) depth -= 1
  }
  return false
}

export type JsonProblem = { kind: 'nul'; path: string[] } | { kind: 'depth' }

/**
 * The first NUL character (in a string or a key; PostgreSQL text cannot hold one) or nesting deeper
 * than `maxDepth` in a parsed JSON value, or null. Iterative, so no input can exhaust the stack.
 */
export function findJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }]
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: current, path } = next
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { kind: 'nul', path }
      continue
    }
    if (typeof current !== 'object' || current === null) continue
    if (path.length >= maxDepth) return { kind: 'depth' }
    const entries = Array.isArray(current) ? current.map((item, index) => [String(index), item] as const) : Object.entries(current)
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const entry = entries[index]
      if (!entry) continue
      const [key, item] = entry
      if (key.includes('\u0000')) return { kind: 'nul', path: [...path, key] }
      stack.push({ value: item, path: [...path, key] })
    }
  }
  return null
}
