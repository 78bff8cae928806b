import type { Clock } from '../clock/clock.ts'
import type { Cache } from './cache.ts'

/** The embedded cache: a Map with expiry. Values are stored as JSON so callers never share mutable objects. */
export function createMemoryCache(clock: Clock): Cache {
  const entries = new Map<string, { json: string; expiresAt: number }>()
  let generation = 0
  return {
    async get<T>(key: string) {
      const entry = entries.get(key)
      if (!entry) return undefined
      if (entry.expiresAt <= clock.now().getTime()) {
        entries.delete(key)
        return undefined
      }
      return JSON.parse(entry.json) as T
    },
    async set(key, value, ttlSeconds) {
      entries.set(key, { json: JSON.stringify(value), expiresAt: clock.now().getTime() + ttlSeconds * 1000 })
    },
    async invalidate(...prefixes) {
      generation++ // first: a read that finishes after this point sees it moved
      for (const key of entries.keys()) if (prefixes.some((p) => key.startsWith(p))) entries.delete(key)
    },
    async generation() {
      return generation
    },
    async delete(key) {
      entries.delete(key)
    },
    async ready() {
      return true
    },
    async close() {
      entries.clear()
    },
  }
}
