import { brotliDecompressSync } from 'node:zlib'
import Fastify from 'fastify'
import { Type } from 'typebox'
import { describe, expect, it } from 'vitest'
import type { Cache } from '../cache/cache.ts'
import { createMemoryCache } from '../cache/memory.ts'
import { cachesUnderTest } from '../testing/caches.ts'
import { cachedReply } from './cached-reply.ts'
import { chooseEncoding } from './prepared-body.ts'

const caches = cachesUnderTest()

const slot = { scope: 'catalog', key: 'all', ttlSeconds: 60 }

/** A server with one cached route over `read()`, whose response schema keeps only `price`. */
async function serverOver(cache: Cache, read: () => Promise<unknown>) {
  const app = Fastify()
  app.get('/catalog', { schema: { response: { 200: Type.Object({ price: Type.Number() }) } } }, (request, reply) =>
    cachedReply(cache, request, reply, slot, read),
  )
  await app.ready()
  const get = async (headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/catalog', headers })
  return { app, get, price: async () => (await get()).json<{ price: number }>().price }
}

describe.each(caches)('cachedReply() %s', (_name, create) => {
  it('does not keep an answer computed from data an invalidation has since replaced', async () => {
    const cache = create()
    let price = 1
    let interleave = true
    const server = await serverOver(cache, async () => {
      const seen = price
      if (interleave) {
        interleave = false
        price = 2 // the data changes and its invalidation runs while this read is computing
        await cache.invalidate('catalog')
      }
      return { price: seen }
    })
    expect(await server.price()).toBe(1) // that caller saw the data as it was when it read
    expect(await server.price()).toBe(2)
    await server.app.close()
    await cache.close()
  })

  it('computes once for concurrent misses and serves the kept answer until its scope is invalidated', async () => {
    const cache = create()
    let computed = 0
    const server = await serverOver(cache, async () => {
      computed++
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { price: computed }
    })
    expect(await Promise.all(Array.from({ length: 10 }, () => server.price()))).toEqual(Array(10).fill(1))
    expect(await server.price()).toBe(1)
    expect(computed).toBe(1)
    await cache.invalidate('other-scope')
    expect(await server.price()).toBe(1)
    await cache.invalidate('catalog')
    expect(await server.price()).toBe(2)
    await server.app.close()
    await cache.close()
  })

  it('shapes the answer with the route response schema, so only declared fields leave', async () => {
    const cache = create()
    const server = await serverOver(cache, async () => ({ price: 3, secret: 'hidden' }))
    expect((await server.get()).json()).toEqual({ price: 3 })
    await server.app.close()
    await cache.close()
  })
})

describe('cachedReply() compression', () => {
  it('sends a large answer brotli-compressed to a client that accepts it, and plain to one that does not', async () => {
    const cache = createMemoryCache({ now: () => new Date() })
    const app = Fastify()
    const big = { items: Array.from({ length: 200 }, (_, i) => `product number ${i}`) }
    app.get(
      '/big',
      { schema: { response: { 200: Type.Object({ items: Type.Array(Type.String()) }) } } },
      (request, reply) =>
        cachedReply(cache, request, reply, { scope: 'big', key: 'all', ttlSeconds: 60 }, async () => big),
    )
    const compressed = await app.inject({ url: '/big', headers: { 'accept-encoding': 'gzip, br' } })
    expect(compressed.headers['content-encoding']).toBe('br')
    expect(compressed.rawPayload.length).toBeLessThan(JSON.stringify(big).length / 3)
    expect(JSON.parse(brotliDecompressSync(compressed.rawPayload).toString())).toEqual(big)
    const plain = await app.inject({ url: '/big' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.json()).toEqual(big)
    // Each form has its own ETag, and a client holding one form gets 304 for that form only.
    expect(plain.headers.etag).not.toBe(compressed.headers.etag)
    const again = await app.inject({
      url: '/big',
      headers: { 'accept-encoding': 'gzip, br', 'if-none-match': String(compressed.headers.etag) },
    })
    expect(again.statusCode).toBe(304)
    const other = await app.inject({ url: '/big', headers: { 'if-none-match': String(compressed.headers.etag) } })
    expect(other.statusCode).toBe(200)
    await app.close()
  })

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['BR', 'br'],
    ['*', 'gzip'],
    ['identity', undefined],
    ['gzip;q=0', undefined],
    ['', undefined],
  ])('picks %j → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected)
  })
})
