/**
 * A small in-process cache: at most `maxEntries` values (the least recently used go first), each
 * for at most `ttlMs`. Only for values that are cheap to look up again and whose staleness is
 * bounded by the TTL across processes; within this process, callers evict on every change they make.
 *
 * `generation` guards against a lookup that races with an eviction: read it before the lookup and
 * pass it to `set`, which then stores nothing if anything was evicted in between.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>()
  private evictions = 0

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.expires <= this.clock()) {
      this.entries.delete(key)
      return undefined
    }
    // Most recently used last (Map keeps insertion order).
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.value
  }

  /** Milliseconds until `key` expires (undefined when absent or expired); does not count as a use. */
  expiresIn(key: string): number | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    const left = entry.expires - this.clock()
    return left > 0 ? left : undefined
  }

  /** Drops one entry (what a fresh lookup found gone); lookups in flight may still store theirs. */
  delete(key: string): void {
    this.entries.delete(key)
  }

  /** A token to pass to `set` after a lookup. */
  get generation(): number {
    return this.evictions
  }

  set(key: string, value: V, generation = this.evictions): void {
    if (generation !== this.evictions) return
    this.entries.delete(key)
    this.entries.set(key, { value, expires: this.clock() + this.ttlMs })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next()
      if (oldest.done) break
      this.entries.delete(oldest.value)
    }
  }

  /** Drops every entry `matches` accepts (and makes lookups in flight not store their result). */
  evict(matches: (value: V, key: string) => boolean): void {
    this.evictions += 1
    for (const [key, entry] of this.entries) if (matches(entry.value, key)) this.entries.delete(key)
  }

  clear(): void {
    this.evictions += 1
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}
