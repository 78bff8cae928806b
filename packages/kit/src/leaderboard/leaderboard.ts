import type { Config } from '../config/config.ts'
import type { Logger } from '../log/log.ts'
import { createMemoryLeaderboard } from './memory.ts'

export type Ranked = { member: string; score: number }

/**
 * Scores kept in order (ambassadors by commission): a Redis sorted set when distributed, a map when embedded.
 * Never the source of truth — the owner can always `replace` it from its own tables.
 */
export type Leaderboard = {
  increment(member: string, by: number): Promise<void>
  /** Every member, highest score first; undefined when the store cannot answer right now (Redis down). */
  ranked(): Promise<Ranked[] | undefined>
  replace(entries: Ranked[]): Promise<void>
  /** Runs `rebuild` whenever the store comes back after an outage (it may have missed increments). */
  onReconnect(rebuild: () => Promise<void>): void
  close(): Promise<void>
}

/** The leaderboard named `name`, in Redis when REDIS_URL is set (the Redis client is loaded only then). */
export async function createLeaderboard(config: Config, log: Logger, name: string): Promise<Leaderboard> {
  if (!config.redisUrl) return createMemoryLeaderboard()
  const { createRedisLeaderboard } = await import('./redis.ts')
  return createRedisLeaderboard(config.redisUrl, `${config.redisKeyPrefix}leaderboard:${name}`, log)
}
