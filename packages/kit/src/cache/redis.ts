import { randomBytes } from 'node:crypto'
import type { Logger } from '../log/log.ts'
import type { Cache } from './cache.ts'
import { connectRedis } from './redis-connection.ts'

/**
 * The distributed cache on Redis. Redis is an accelerator, never the source of truth: while it is unreachable
 * reads miss (callers go to the database) and writes are skipped. A scope's generation is a counter; an epoch
 * shared by every scope is replaced when the connection comes back, so entries that may have missed an
 * invalidation during an outage are never read again (they expire on their own).
 */
export function createRedisCache(url: string, log: Logger, namespace = 'ambassador:'): Cache {
  const connection = connectRedis(url, log, 'serving from the database')
  const { redis, ready: connected } = connection
  const epochKey = `${namespace}_meta:epoch`
  const generationKey = (scope: string) => `${namespace}_gen:${scope}`
  const entryKey = (scope: string, generation: string, key: string) => `${namespace}${scope}@${generation}:${key}`
  // The epoch is random, not counted: a Redis that restarted empty starts its counters at 0 again, and a new epoch
  // keeps "0" of before and "0" of after apart (replicas keep prepared bodies by generation).
  const newEpoch = () => randomBytes(6).toString('hex')
  // An invalidation that did not reach Redis (a timeout on a live connection) leaves entries Redis still serves:
  // until a new epoch is set, nothing is read from or written to the cache.
  let suspect = false
  let lastRepair = 0
  connection.whenBack(async () => {
    await redis.set(epochKey, newEpoch())
    suspect = false
    log.info('redis is back; entries that may have missed invalidations are no longer read')
  })

  return {
    async generation(scope) {
      if (suspect) {
        if (Date.now() - lastRepair > 1_000) {
          lastRepair = Date.now()
          void connection.repairNow()
        }
        return undefined
      }
      try {
        await connected()
        let [epoch, counter] = await redis.mget(epochKey, generationKey(scope))
        if (!epoch) {
          await redis.set(epochKey, newEpoch(), 'NX')
          ;[epoch, counter] = await redis.mget(epochKey, generationKey(scope))
        }
        return `${epoch}.${counter ?? 0}`
      } catch {
        return undefined
      }
    },
    async get(scope, generation, key) {
      try {
        await connected()
        return (await redis.get(entryKey(scope, generation, key))) ?? undefined
      } catch {
        return undefined
      }
    },
    async set(scope, generation, key, text, ttlSeconds) {
      try {
        await connected()
        await redis.set(entryKey(scope, generation, key), text, 'EX', ttlSeconds)
      } catch {}
    },
    async invalidate(...scopes) {
      try {
        await connected()
        const multi = redis.multi()
        for (const scope of scopes) multi.incr(generationKey(scope))
        // A command of a MULTI that fails does not reject exec(): it comes back as that command's error.
        const failed = (await multi.exec())?.find(([error]) => error)?.[0]
        if (failed) throw failed
      } catch (error) {
        suspect = true
        connection.missedWrite() // a new epoch (at once if Redis answers, else when it is back) invalidates everything
        void connection.repairNow()
        log.warn({ err: error, scopes }, 'redis invalidation failed; everything is invalidated when it is back')
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
