/** A shared cache for read-heavy answers; in memory when embedded, Redis when distributed. */
export type Cache = {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>
  /** Removes every key that starts with one of the prefixes. */
  invalidate(...prefixes: string[]): Promise<void>
  /** Whether the cache's server is reachable (for /health/ready). */
  ready(): Promise<boolean>
  close(): Promise<void>
}

/** Returns the cached value, or computes, stores and returns it. */
export async function cached<T>(cache: Cache, key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T> {
  const hit = await cache.get<T>(key)
  if (hit !== undefined) return hit
  const value = await compute()
  await cache.set(key, value, ttlSeconds)
  return value
}
