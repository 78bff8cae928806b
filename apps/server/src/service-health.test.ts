import { createMemoryCache } from '@ambassador/kit/cache/memory'
import type { EventTransport } from '@ambassador/kit/events/transport'
import { newId } from '@ambassador/kit/ids/ids'
import { createLogger } from '@ambassador/kit/log/log'
import { type Platform, startPlatform } from '@ambassador/kit/platform'
import { testConfig } from '@ambassador/kit/testing/config'
import { createTestDatabase } from '@ambassador/kit/testing/database'
import { testClient } from '@ambassador/kit/testing/http-client'
import { usersService } from '@ambassador/users'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const now = new Date('2026-11-28T10:00:00Z')
const clock = { now: () => now }

/** A broker we can take down: its `ready` answers what the test says, and it refuses every publish. */
const broker = { up: true }
const transport: EventTransport = {
  async publish() {
    throw Object.assign(new Error('broker unavailable'), { code: 'ECONNREFUSED' })
  },
  subscribe() {},
  async start() {},
  async stop() {},
  async ready() {
    return broker.up
  },
}

let platform: Platform

beforeAll(async () => {
  const config = testConfig()
  const url = await createTestDatabase()
  platform = await startPlatform({
    config,
    log: createLogger('silent'),
    services: [usersService],
    databaseUrlFor: () => url,
    adapters: { transport, cache: createMemoryCache(clock) },
    clock,
  })
})
afterAll(() => platform?.close())

describe('GET /api/<service>/health', () => {
  it('answers 200 with each check and the service’s event backlog: unpublished outbox rows, the oldest one’s age, dead letters', async () => {
    const { db } = platform.contexts.get('users') ?? {}
    if (!db) throw new Error('no users context')
    const { outbox, deadLetters } = usersService.tables
    // An event written 90 s ago that the (refusing) broker never took, and one event parked for good.
    await db.insert(outbox).values({
      id: newId(),
      type: 'user.updated',
      version: 1,
      key: newId(),
      data: {},
      occurredAt: new Date(now.getTime() - 90_000).toISOString(),
    })
    await db.insert(deadLetters).values({
      id: newId(),
      eventId: newId(),
      consumer: 'users',
      type: 'order.completed',
      envelope: {},
      error: 'test',
      attempts: 4,
    })
    const response = await testClient(platform.app).get<{ checks: { database: { latency_ms: number } } }>(
      '/api/users/health',
    )
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      service: 'users',
      status: 'ok',
      checks: { database: { ok: true }, broker: { ok: true }, cache: { ok: true } },
      events: { outbox_unpublished: 1, outbox_oldest_seconds: 90, dead_letters: 1 },
    })
    expect(response.body.checks.database.latency_ms).toBeGreaterThanOrEqual(0)
  })

  it('answers 503 and names the failing check when the broker does not answer', async () => {
    broker.up = false
    try {
      const response = await testClient(platform.app).get('/api/users/health')
      expect(response.status).toBe(503)
      expect(response.body).toMatchObject({
        status: 'failing',
        checks: { database: { ok: true }, broker: { ok: false }, cache: { ok: true } },
      })
    } finally {
      broker.up = true
    }
  })

  it('exists only for the services this process runs', async () => {
    expect((await testClient(platform.app).get('/api/checkout/health')).status).toBe(404)
  })
})
