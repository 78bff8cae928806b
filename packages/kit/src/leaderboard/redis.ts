import { connectRedis } from '../cache/redis-connection.ts'
import type { Logger } from '../log/log.ts'
import type { Leaderboard } from './leaderboard.ts'

/** A Redis sorted set: ZINCRBY on each change, ZREVRANGE to read, replaced atomically (MULTI) on rebuild. */
export function createRedisLeaderboard(url: string, key: string, log: Logger): Leaderboard {
  const connection = connectRedis(url, log.child({ key }), 'rankings come from the database')
  const { redis, ready } = connection
  // Written with every rebuild: a Redis without it (new, or restarted empty) has not got the scores.
  const builtKey = `${key}:built`
  return {
    async increment(member, by) {
      try {
        await ready()
        await redis.zincrby(key, by, member)
      } catch (error) {
        connection.missedWrite() // this increment is lost: rebuild when Redis is back
        throw error
      }
    },
    async ranked() {
      try {
        await ready()
        const replies = await redis.multi().exists(builtKey).zrevrange(key, 0, -1, 'WITHSCORES').exec()
        const built = replies?.[0]?.[1] === 1
        const flat = (replies?.[1]?.[1] ?? []) as string[]
        // No marker: this Redis never got (or lost, in a restart) the rebuilt set. Let the database answer.
        if (!built) {
          void connection.repairNow()
          return undefined
        }
        const ranked = []
        for (let i = 0; i + 1 < flat.length; i += 2)
          ranked.push({ member: flat[i] as string, score: Number(flat[i + 1]) })
        return ranked
      } catch {
        return undefined
      }
    },
    async replace(entries) {
      await ready()
      const multi = redis.multi().del(key)
      if (entries.length > 0) multi.zadd(key, ...entries.flatMap((e) => [e.score, e.member]))
      await multi.set(builtKey, '1').exec()
    },
    onReconnect(rebuild) {
      connection.whenBack(rebuild)
    },
    async close() {
      redis.disconnect()
    },
  }
}
