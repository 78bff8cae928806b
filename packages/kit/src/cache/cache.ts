import { cacheLookups } from '../metrics/metrics.ts'

/**
 * A shared cache for read-heavy answers; in memory when embedded, Redis when distributed. Entries live in scopes
 * ("the catalog", "one ambassador's stats"); invalidating a scope moves it to a new generation, and an entry is
 * read and written only at the generation it was computed for — so a value computed from data an invalidation
 * has since replaced is never served, and invalidating costs the same however many entries the scope holds.
 */
export type Cache = {
  /** The scope's current generation; undefined when the cache cannot say (its server is down): do not cache then. */
  generation(scope: string): Promise<string | undefined>
  /** The text stored for `key` in the scope at that generation. */
  get(scope: string, generation: string, key: string): Promise<string | undefined>
  /** Stores text for `key` at that generation; if the scope has moved on since, nobody will read it. */
  set(scope: string, generation: string, key: string, text: string, ttlSeconds: number): Promise<void>
  /** Moves each scope to a new generation: nothing cached in it before is served again. */
  invalidate(...scopes: string[]): Promise<void>
  /** Whether the cache's server is reachable (for /health/ready). */
  ready(): Promise<boolean>
  close(): Promise<void>
}

/** Where a cached value lives: its scope (what invalidations name) and its key within the scope. */
export type CacheSlot = { scope: string; key: string; ttlSeconds: number }

/**
 * Returns the cached value, or computes, stores and returns it. The generation is read before computing, so a
 * value computed while the scope was invalidated is stored under the old generation, where no one looks.
 */
export async function cached<T>(cache: Cache, slot: CacheSlot, compute: () => Promise<T>): Promise<T> {
  const generation = await cache.generation(slot.scope)
  if (generation === undefined) {
    cacheLookups.miss++
    return compute()
  }
  const hit = await cache.get(slot.scope, generation, slot.key)
  if (hit === undefined) cacheLookups.miss++
  else cacheLookups.hit++
  if (hit !== undefined) return JSON.parse(hit) as T
  const value = await compute()
  await cache.set(slot.scope, generation, slot.key, JSON.stringify(value), slot.ttlSeconds)
  return value
}
