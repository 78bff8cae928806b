import { describe, expect, it } from 'vitest'
import { cached } from './cache.ts'
import { createMemoryCache } from './memory.ts'

describe('memory cache', () => {
  it('serves a value until it expires', async () => {
    let now = 1_000_000
    const cache = createMemoryCache({ now: () => new Date(now) })
    await cache.set('products:all', [{ id: 1 }], 60)
    expect(await cache.get('products:all')).toEqual([{ id: 1 }])
    now += 61_000
    expect(await cache.get('products:all')).toBeUndefined()
  })

  it('drops every key under an invalidated prefix and keeps the others', async () => {
    const cache = createMemoryCache({ now: () => new Date() })
    await cache.set('products:frontend', 1, 60)
    await cache.set('products:backend:page=2', 2, 60)
    await cache.set('rankings', 3, 60)
    await cache.invalidate('products:')
    expect(await cache.get('products:frontend')).toBeUndefined()
    expect(await cache.get('products:backend:page=2')).toBeUndefined()
    expect(await cache.get('rankings')).toBe(3)
  })

  it('computes a missing value once and then serves it from the cache', async () => {
    const cache = createMemoryCache({ now: () => new Date() })
    let computed = 0
    const compute = async () => ++computed
    expect(await cached(cache, 'k', 60, compute)).toBe(1)
    expect(await cached(cache, 'k', 60, compute)).toBe(1)
    expect(computed).toBe(1)
  })

  it('hands out copies, so a caller cannot change what others read', async () => {
    const cache = createMemoryCache({ now: () => new Date() })
    await cache.set('k', { n: 1 }, 60)
    const first = await cache.get<{ n: number }>('k')
    if (first) first.n = 99
    expect(await cache.get('k')).toEqual({ n: 1 })
  })
})
