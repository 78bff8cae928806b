import { Redis } from 'ioredis'
import type { Logger } from '../log/log.ts'

/**
 * A Redis connection for things that must never make a request wait on a Redis outage: commands fail at once
 * while it is down (no offline queue), but one sent while the first connection is still being made waits up to
 * a second for it. Redis only ever accelerates: whatever a writer missed during an outage is repaired by the
 * `whenBack` callbacks once the connection returns.
 */
export function connectRedis(url: string, log: Logger, purpose: string) {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  })
  const repairs: (() => Promise<void>)[] = []
  let missed = false
  let repairing: Promise<void> | undefined
  function repair() {
    repairing ??= Promise.all(
      repairs.map((r) => r().catch((error) => log.warn({ err: error }, 'repairing redis after it came back failed'))),
    ).then(() => {
      repairing = undefined
    })
    return repairing
  }
  redis.on('error', (error) => {
    if (!missed) log.warn({ err: error }, `redis unreachable; ${purpose} until it is back`)
    missed = true
  })
  redis.on('ready', () => {
    if (!missed) return
    missed = false
    void repair()
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
  return {
    redis,
    ready,
    /** Runs `repair` whenever Redis comes back after an outage or a lost write. */
    whenBack(repair: () => Promise<void>) {
      repairs.push(repair)
    },
    /** A write did not reach Redis: repair on the next reconnect. */
    missedWrite() {
      missed = true
    },
    /** Repairs now (once at a time): for a writer that found its data missing, as after a Redis restart. */
    repairNow: repair,
  }
}
