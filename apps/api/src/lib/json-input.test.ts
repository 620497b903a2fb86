import { describe, expect, it } from 'vitest'
import { JSON_MAX_DEPTH, jsonInputProblem } from './json-input.ts'

function nested(depth: number): unknown {
  let value: unknown = []
  for (let level = 1; level < depth; level += 1) value = [value]
  return value
}

describe('jsonInputProblem', () => {
  it('finds the first NUL in a string or a key, with its path', () => {
    expect(jsonInputProblem({ a: ['x', 'y\u0000'], b: 'z\u0000' })).toEqual({ kind: 'nul', path: ['a', '1'] })
    expect(jsonInputProblem({ a: { 'k\u0000': 1 } })).toEqual({ kind: 'nul', path: ['a', 'k\u0000'] })
    expect(jsonInputProblem('\u0000')).toEqual({ kind: 'nul', path: [] })
    expect(jsonInputProblem({ a: [1, null, true, 'fine', { b: 'ok' }] })).toBeNull()
  })

  it('accepts JSON_MAX_DEPTH levels of nesting and refuses one more, however deep, without recursion', () => {
    expect(jsonInputProblem(nested(JSON_MAX_DEPTH))).toBeNull()
    expect(jsonInputProblem(nested(JSON_MAX_DEPTH + 1))?.kind).toBe('depth')
    // A recursive walk runs out of stack long before 100,000 levels.
    expect(jsonInputProblem(nested(100_000))?.kind).toBe('depth')
    expect(jsonInputProblem(JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`))).toMatchObject({ kind: 'depth' })
  })
})
