import type { Logger } from '../log/log.ts'
import type { Cache } from './cache.ts'
import { connectRedis } from './redis-connection.ts'

/**
 * The distributed cache on Redis. Redis is an accelerator, never the source of truth: while it is unreachable
 * reads miss (callers go to the database) and writes are skipped. Invalidations missed during an outage would
 * leave stale entries behind, so when the connection comes back everything under our namespace is dropped.
 */
export function createRedisCache(url: string, log: Logger, namespace = 'ambassador:'): Cache {
  const connection = connectRedis(url, log, 'serving from the database')
  const { redis, ready: connected } = connection
  connection.whenBack(async () => {
    await flush()
    log.info('redis is back; dropped entries that may have missed invalidations')
  })

  // Counts invalidations, for cached(); never deleted itself, only moved on.
  const generationKey = `${namespace}_meta:generation`

  async function deleteMatching(pattern: string) {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
      cursor = next
      const doomed = keys.filter((key) => key !== generationKey)
      if (doomed.length > 0) await redis.unlink(...doomed)
    } while (cursor !== '0')
  }
  async function flush() {
    await redis.incr(generationKey)
    await deleteMatching(`${namespace}*`)
  }

  return {
    async get<T>(key: string) {
      try {
        await connected()
        const json = await redis.get(namespace + key)
        return json === null ? undefined : (JSON.parse(json) as T)
      } catch {
        return undefined
      }
    },
    async set(key, value, ttlSeconds) {
      try {
        await connected()
        await redis.set(namespace + key, JSON.stringify(value), 'EX', ttlSeconds)
      } catch {}
    },
    async invalidate(...prefixes) {
      try {
        await connected()
        await redis.incr(generationKey) // first: a read that finishes after this point sees it moved
        for (const prefix of prefixes) await deleteMatching(`${namespace}${escapeGlob(prefix)}*`)
      } catch (error) {
        connection.missedWrite() // the next reconnect flushes what we failed to invalidate
        log.warn({ err: error, prefixes }, 'redis invalidation failed; will flush when it is back')
      }
    },
    async generation() {
      try {
        await connected()
        return Number((await redis.get(generationKey)) ?? 0)
      } catch {
        return undefined
      }
    },
    async delete(key) {
      try {
        await connected()
        await redis.unlink(namespace + key)
      } catch {
        connection.missedWrite()
      }
    },
    async ready() {
      try {
        await connected()
        return (await redis.ping()) === 'PONG'
      } catch {
        return false
      }
    },
    async close() {
      redis.disconnect()
    },
  }
}

function escapeGlob(text: string) {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}
