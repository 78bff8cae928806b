import type { Clock } from '../clock/clock.ts'
import type { Cache } from './cache.ts'

type Scope = { generation: number; entries: Map<string, { text: string; expiresAt: number }> }

/**
 * The embedded cache: per scope, a Map with expiry. Invalidating a scope drops its entries at once (one Map
 * replaced, whatever its size). Values are text, so callers never share mutable objects.
 */
export function createMemoryCache(clock: Clock): Cache {
  const scopes = new Map<string, Scope>()
  const scopeOf = (name: string) => {
    let scope = scopes.get(name)
    if (!scope) {
      scope = { generation: 0, entries: new Map() }
      scopes.set(name, scope)
    }
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
      if (entry.expiresAt <= clock.now().getTime()) {
        scope.entries.delete(key)
        return undefined
      }
      return entry.text
    },
    async set(name, generation, key, text, ttlSeconds) {
      const scope = scopeOf(name)
      if (String(scope.generation) !== generation) return
      scope.entries.set(key, { text, expiresAt: clock.now().getTime() + ttlSeconds * 1000 })
    },
    async invalidate(...names) {
      for (const name of names) {
        const scope = scopeOf(name)
        scope.generation++
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
