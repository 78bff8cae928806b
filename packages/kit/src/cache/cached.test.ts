import { describe, expect, it } from 'vitest'
import { cachesUnderTest } from '../testing/caches.ts'
import { cached } from './cache.ts'

const caches = cachesUnderTest()

const products = { scope: 'products', key: 'all', ttlSeconds: 300 }

describe.each(caches)('cached() %s', (_name, create) => {
  it('does not keep an answer computed from data an invalidation has since replaced', async () => {
    const cache = create()
    let stock = 'old'
    // The read starts, the data changes and its invalidation runs, then the read finishes with what it saw.
    const answer = await cached(cache, products, async () => {
      const seen = stock
      stock = 'new'
      await cache.invalidate('products')
      return seen
    })
    expect(answer).toBe('old') // that caller saw the data as it was when it read
    expect(await cached(cache, products, async () => stock)).toBe('new')
    await cache.close()
  })

  it('keeps an answer no invalidation of its scope has overtaken', async () => {
    const cache = create()
    let computed = 0
    await cached(cache, products, async () => ++computed)
    await cache.invalidate('rankings') // another scope's invalidation, before the read starts
    await cached(cache, products, async () => ++computed)
    expect(computed).toBe(1)
    await cache.close()
  })

  it('serves nothing cached before an invalidation of its scope, however many entries it held', async () => {
    const cache = create()
    for (let page = 1; page <= 50; page++) await cached(cache, { ...products, key: `page=${page}` }, async () => 'old')
    await cache.invalidate('products')
    for (let page = 1; page <= 50; page++) {
      expect(await cached(cache, { ...products, key: `page=${page}` }, async () => 'new')).toBe('new')
    }
    await cache.close()
  })
})
