import { connectRedis } from '../cache/redis-connection.ts'
import type { Logger } from '../log/log.ts'
import type { Leaderboard } from './leaderboard.ts'

/** A Redis sorted set: ZINCRBY on each change, ZREVRANGE to read, replaced atomically (MULTI) on rebuild. */
export function createRedisLeaderboard(url: string, key: string, log: Logger): Leaderboard {
  const connection = connectRedis(url, log.child({ key }), 'rankings come from the database')
  const { redis, ready } = connection
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
        const flat = await redis.zrevrange(key, 0, -1, 'WITHSCORES')
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
      await multi.exec()
    },
    onReconnect(rebuild) {
      connection.whenBack(rebuild)
    },
    async close() {
      redis.disconnect()
    },
  }
}
