import type { Clock } from '../clock/clock.ts'
import type { Cache } from './cache.ts'

type Scope = { generation: number; entries: Map<string, { text: string; expiresAt: number }> }

/** Bounds, so no sequence of requests (every search a stranger can type) grows the cache without end. */
const MAX_SCOPES = 10_000
const MAX_ENTRIES_PER_SCOPE = 1_000

/**
 * The embedded cache: per scope, a Map with expiry, least recently used first out. Invalidating a scope drops its
 * entries at once (one Map replaced, whatever its size). Values are text, so callers never share mutable objects.
 */
export function createMemoryCache(clock: Clock): Cache {
  const scopes = new Map<string, Scope>()
  // One counter for every scope's generations: a scope dropped for room and made again never reuses a number, so an
  // answer computed before cannot be stored as current.
  let counter = 0
  const scopeOf = (name: string) => {
    let scope = scopes.get(name)
    if (scope) {
      scopes.delete(name) // most recently used last
    } else {
      scope = { generation: ++counter, entries: new Map() }
      if (scopes.size >= MAX_SCOPES) scopes.delete(scopes.keys().next().value as string)
    }
    scopes.set(name, scope)
    return scope
  }
  return {
    async generation(name) {
      return String(scopeOf(name).generation)
    },
    async get(name, generation, key) {
      const scope = scopes.get(name)
      if (!scope || String(scope.generation) !== generation) return undefined
      const entry = scope.entries.get(key)
      if (!entry) return undefined
      scope.entries.delete(key)
      if (entry.expiresAt <= clock.now().getTime()) return undefined
      scope.entries.set(key, entry) // most recently used last
      return entry.text
    },
    async set(name, generation, key, text, ttlSeconds) {
      const scope = scopeOf(name)
      if (String(scope.generation) !== generation) return
      scope.entries.delete(key)
      if (scope.entries.size >= MAX_ENTRIES_PER_SCOPE) scope.entries.delete(scope.entries.keys().next().value as string)
      scope.entries.set(key, { text, expiresAt: clock.now().getTime() + ttlSeconds * 1000 })
    },
    async invalidate(...names) {
      for (const name of names) {
        const scope = scopeOf(name)
        scope.generation = ++counter
        scope.entries = new Map()
      }
    },
    async ready() {
      return true
    },
    async close() {
      scopes.clear()
    },
  }
}
