import { describe, expect, it } from 'vitest'
import { TtlCache } from './ttl-cache.ts'

describe('TtlCache', () => {
  it('forgets entries after the TTL and beyond its size, least recently used first', () => {
    let now = 0
    const cache = new TtlCache<string>(2, 1000, () => now)
    cache.set('a', 'A')
    cache.set('b', 'B')
    expect(cache.get('a')).toBe('A')
    cache.set('c', 'C')
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBe('A')
    expect(cache.expiresIn('a')).toBe(1000)
    now = 1000
    expect(cache.get('a')).toBeUndefined()
    expect(cache.expiresIn('c')).toBeUndefined()
  })

  it('does not store what a lookup read before an eviction', () => {
    const cache = new TtlCache<{ app: string }>(10, 60_000)
    cache.set('t1', { app: 'x' })
    const generation = cache.generation
    cache.evict((value) => value.app === 'x')
    expect(cache.get('t1')).toBeUndefined()
    cache.set('t1', { app: 'x' }, generation)
    expect(cache.get('t1')).toBeUndefined()
    cache.set('t1', { app: 'x' }, cache.generation)
    expect(cache.get('t1')).toEqual({ app: 'x' })
  })
})
