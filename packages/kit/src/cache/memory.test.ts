import { describe, expect, it } from 'vitest'
import { cached } from './cache.ts'
import { createMemoryCache } from './memory.ts'

const slot = (scope: string, key: string) => ({ scope, key, ttlSeconds: 60 })

describe('memory cache', () => {
  it('serves a value until it expires', async () => {
    let now = 1_000_000
    const cache = createMemoryCache({ now: () => new Date(now) })
    const generation = await cache.generation('products')
    if (generation === undefined) throw new Error('the memory cache always knows its generation')
    await cache.set('products', generation, 'all', '[1]', 60)
    expect(await cache.get('products', generation, 'all')).toBe('[1]')
    now += 61_000
    expect(await cache.get('products', generation, 'all')).toBeUndefined()
  })

  it('drops every entry of an invalidated scope and keeps the other scopes', async () => {
    const cache = createMemoryCache({ now: () => new Date() })
    let computed = 0
    const compute = async () => ++computed
    await cached(cache, slot('products', 'frontend'), compute)
    await cached(cache, slot('products', 'backend:page=2'), compute)
    await cached(cache, slot('rankings', 'all'), compute)
    await cache.invalidate('products')
    expect(await cached(cache, slot('products', 'frontend'), compute)).toBe(4)
    expect(await cached(cache, slot('products', 'backend:page=2'), compute)).toBe(5)
    expect(await cached(cache, slot('rankings', 'all'), compute)).toBe(3)
  })

  it('computes a missing value once and then serves it from the cache', async () => {
    const cache = createMemoryCache({ now: () => new Date() })
    let computed = 0
    const compute = async () => ++computed
    expect(await cached(cache, slot('k', 'k'), compute)).toBe(1)
    expect(await cached(cache, slot('k', 'k'), compute)).toBe(1)
    expect(computed).toBe(1)
  })

  it('hands out copies, so a caller cannot change what others read', async () => {
    const cache = createMemoryCache({ now: () => new Date() })
    const first = await cached(cache, slot('k', 'k'), async () => ({ n: 1 }))
    first.n = 99
    expect(await cached(cache, slot('k', 'k'), async () => ({ n: 2 }))).toEqual({ n: 1 })
  })

  it('refuses to store a value for a generation its scope has left', async () => {
    const cache = createMemoryCache({ now: () => new Date() })
    const old = (await cache.generation('products')) as string
    await cache.invalidate('products')
    await cache.set('products', old, 'all', '"stale"', 60)
    expect(await cache.get('products', old, 'all')).toBeUndefined()
    expect(await cache.get('products', (await cache.generation('products')) as string, 'all')).toBeUndefined()
  })

  it('keeps at most a thousand entries a scope, dropping the least recently used', async () => {
    const cache = createMemoryCache({ now: () => new Date() })
    let computed = 0
    const search = (q: string) => cached(cache, slot('catalog', q), async () => ++computed)
    await search('kept')
    for (let i = 0; i < 1_000; i++) {
      await search(`stranger ${i}`)
      if (i % 100 === 0) await search('kept') // used now and then, so it stays
    }
    const before = computed
    expect(await search('kept')).toBeLessThanOrEqual(before)
    expect(computed).toBe(before) // still cached
    await search('stranger 0')
    expect(computed).toBe(before + 1) // the oldest stranger made room
  })
})
