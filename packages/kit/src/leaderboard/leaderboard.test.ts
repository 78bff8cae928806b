import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../log/log.ts'
import type { Leaderboard } from './leaderboard.ts'
import { createMemoryLeaderboard } from './memory.ts'
import { createRedisLeaderboard } from './redis.ts'

const log = createLogger('silent')
const redisUrl = process.env.TEST_REDIS_URL
const stores: [string, () => Leaderboard][] = [['in memory', createMemoryLeaderboard]]
if (redisUrl)
  stores.push([
    'in Redis',
    () => createRedisLeaderboard(redisUrl, `ambassador-test:lb:${randomBytes(4).toString('hex')}`, log),
  ])

describe.each(stores)('a leaderboard %s', (_name, create) => {
  it('adds up scores and lists members highest first', async () => {
    const board = create()
    await board.replace([]) // as the service does at start
    await board.increment('ada', 500)
    await board.increment('grace', 700)
    await board.increment('ada', 450)
    expect(await board.ranked()).toEqual([
      { member: 'ada', score: 950 },
      { member: 'grace', score: 700 },
    ])
    await board.close()
  })

  it('is replaced whole by a rebuild', async () => {
    const board = create()
    await board.increment('stale', 1)
    await board.replace([
      { member: 'alan', score: 300 },
      { member: 'ada', score: 900 },
    ])
    expect(await board.ranked()).toEqual([
      { member: 'ada', score: 900 },
      { member: 'alan', score: 300 },
    ])
    await board.replace([])
    expect(await board.ranked()).toEqual([])
    await board.close()
  })
})

describe.runIf(redisUrl)('a leaderboard in a Redis that lost its data', () => {
  it('lets the database answer and asks for a rebuild, instead of serving an empty ranking', async () => {
    const key = `ambassador-test:lb:${randomBytes(4).toString('hex')}`
    const board = createRedisLeaderboard(redisUrl ?? '', key, log)
    let rebuilt = 0
    board.onReconnect(async () => {
      rebuilt++
      await board.replace([{ member: 'ada', score: 900 }])
    })
    expect(await board.ranked()).toBeUndefined() // never built: the rankings come from the database
    await expect.poll(() => rebuilt).toBe(1)
    expect(await board.ranked()).toEqual([{ member: 'ada', score: 900 }])
    await board.close()
  })
})

describe('a leaderboard in an unreachable Redis', () => {
  it('says it cannot answer (so rankings come from the database) and refuses increments', async () => {
    const board = createRedisLeaderboard('redis://127.0.0.1:1', 'nowhere', log)
    expect(await board.ranked()).toBeUndefined()
    await expect(board.increment('ada', 1)).rejects.toThrow()
    await board.close()
  })
})
