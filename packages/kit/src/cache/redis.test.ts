import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../log/log.ts'
import { externalServices } from '../testing/external.ts'
import { cached } from './cache.ts'
import { createRedisCache } from './redis.ts'

const { redisUrl } = externalServices

describe.runIf(redisUrl)('the Redis cache', () => {
  it('serves nothing it cached before an invalidation that failed on a live connection', async () => {
    const url = redisUrl as string
    const namespace = `ambassador-test:${randomBytes(4).toString('hex')}:`
    const raw = new Redis(url)
    // A generation counter at its limit: the next INCR fails, while the connection stays up.
    await raw.set(`${namespace}_gen:products`, '9223372036854775807')
    const cache = createRedisCache(url, createLogger('silent'), namespace)
    const slot = { scope: 'products', key: 'all', ttlSeconds: 300 }
    let price = 1
    expect(await cached(cache, slot, async () => price)).toBe(1)
    price = 2
    await cache.invalidate('products') // fails: the counter cannot move
    expect(await cached(cache, slot, async () => price)).toBe(2)
    raw.disconnect()
    await cache.close()
  })
})
