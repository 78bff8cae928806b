import { randomBytes } from 'node:crypto'
import type { Cache } from '../cache/cache.ts'
import { createMemoryCache } from '../cache/memory.ts'
import { createRedisCache } from '../cache/redis.ts'
import { createLogger } from '../log/log.ts'
import { externalServices } from './external.ts'

/** The caches a cache test runs against: in memory always, and in Redis (a namespace of its own) when it is set. */
export function cachesUnderTest(): [string, () => Cache][] {
  const caches: [string, () => Cache][] = [['in memory', () => createMemoryCache({ now: () => new Date() })]]
  const { redisUrl } = externalServices
  if (redisUrl) {
    const namespace = () => `ambassador-test:${randomBytes(4).toString('hex')}:`
    caches.push(['in Redis', () => createRedisCache(redisUrl, createLogger('silent'), namespace())])
  }
  return caches
}
