import { Redis } from 'ioredis'

/**
 * A Redis connection for things that must never make a request wait on a Redis outage: commands fail at once
 * while it is down (no offline queue), but one sent while the first connection is still being made waits up to
 * a second for it.
 */
export function connectRedis(url: string) {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  })
  let connecting: Promise<void> | undefined
  async function ready() {
    if (redis.status === 'ready') return
    if (redis.status !== 'connecting' && redis.status !== 'connect' && redis.status !== 'wait') return
    connecting ??= new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        redis.off('ready', done)
        connecting = undefined
        resolve()
      }
      const timer = setTimeout(done, 1_000)
      redis.once('ready', done)
    })
    await connecting
  }
  return { redis, ready }
}
