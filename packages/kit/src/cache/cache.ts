/** A shared cache for read-heavy answers; in memory when embedded, Redis when distributed. */
export type Cache = {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>
  /** Removes every key that starts with one of the prefixes (after counting one more generation). */
  invalidate(...prefixes: string[]): Promise<void>
  /** How many invalidations there have been; undefined when the cache cannot say (its server is down). */
  generation(): Promise<number | undefined>
  /** Removes one key. */
  delete(key: string): Promise<void>
  /** Whether the cache's server is reachable (for /health/ready). */
  ready(): Promise<boolean>
  close(): Promise<void>
}

/**
 * Returns the cached value, or computes, stores and returns it. A value computed while an invalidation ran may
 * describe data that has since changed: when the generation moved during the computation, the stored value is
 * removed again, so the next read recomputes instead of serving it until it expires.
 */
export async function cached<T>(cache: Cache, key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T> {
  const hit = await cache.get<T>(key)
  if (hit !== undefined) return hit
  const before = await cache.generation()
  const value = await compute()
  await cache.set(key, value, ttlSeconds)
  const after = await cache.generation()
  if (before === undefined || after !== before) await cache.delete(key)
  return value
}
