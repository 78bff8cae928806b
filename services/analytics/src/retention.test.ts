import type {
  AnalyticsEventPage,
  AnalyticsHealth,
  FunnelReport,
  RegistrationsReport,
  RevenueReport,
} from '@ambassador/contracts/analytics'
import type { EventEnvelope, EventMap, EventType } from '@ambassador/contracts/events'
import { pruneEventTables } from '@ambassador/kit/events/retention'
import { newId } from '@ambassador/kit/ids/ids'
import { analyticsEventsIgnored } from '@ambassador/kit/metrics/metrics'
import type { ServiceContext } from '@ambassador/kit/service'
import { completedOrderData, userData } from '@ambassador/kit/testing/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { count, lt } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsService } from './index.ts'
import { pruneOldEvents } from './retention.ts'
import { events, inbox, tables } from './schema.ts'

/** Raw events are kept 30 days here; the tests prune on 1 March 2026, so what occurred before 30 January goes. */
const RETENTION_DAYS = 30
const PRUNING_DAY = new Date('2026-03-01T12:00:00.000Z')
let now = PRUNING_DAY
const clock = { now: () => new Date(now) }

let platform: TestPlatform
let admin: TestClient
let ctx: ServiceContext

beforeAll(async () => {
  platform = await startTestPlatform(
    [analyticsService],
    { ANALYTICS_EVENTS_RETENTION_DAYS: String(RETENTION_DAYS) },
    { clock },
  )
  ctx = platform.contexts.get('analytics') as ServiceContext
  now = new Date('2026-02-25T09:00:00Z')
  admin = await platform.signIn(userData({ role: 'admin', first_name: 'Boss' }))
  now = PRUNING_DAY
})
afterAll(() => platform?.close())

/** Publishes as another service would, its event stamped at `at`. */
async function publishAt<T extends EventType>(at: string, type: T, key: string, data: EventMap[T]) {
  now = new Date(at)
  try {
    return await platform.publish(type, key, data)
  } finally {
    now = PRUNING_DAY
  }
}

async function eventsKept(before?: string) {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(events)
    .where(before === undefined ? undefined : lt(events.occurredAt, before))
  return row?.n ?? 0
}

/**
 * The platform's own retention as it stands EVENT_RETENTION_DAYS (7) later: the inbox no longer knows these events,
 * so only analytics itself can keep a redelivery from counting twice.
 */
async function forgetInbox() {
  const aWeekAndADayOn = { now: () => new Date(Date.now() + 8 * 86_400_000) }
  await pruneEventTables(ctx.db, tables, aWeekAndADayOn, 7)
  const [row] = await ctx.db.select({ n: count() }).from(inbox)
  expect(row?.n).toBe(0)
}

const ignored = async () =>
  (await analyticsEventsIgnored.get()).values.find((v) => v.labels.service === 'analytics')?.value ?? 0

describe('pruning analytics.events', () => {
  const ambassador = userData({ role: 'ambassador', first_name: 'Ada' })
  const link = { id: newId(), code: 'OLDLINK1', user_id: ambassador.id, product_ids: [], created_at: '' }
  const oldOrder = completedOrderData(
    {
      ambassadorId: ambassador.id,
      linkId: link.id,
      code: link.code,
      lines: [{ title: 'Tea', price_minor: 8_000, quantity: 1 }],
    },
    { completed_at: '2026-01-11T10:00:00.000Z', click_id: newId() },
  )
  const recentOrder = completedOrderData(
    {
      ambassadorId: ambassador.id,
      linkId: link.id,
      code: link.code,
      lines: [{ title: 'Mug', price_minor: 2_000, quantity: 2 }],
    },
    { completed_at: '2026-02-20T10:00:00.000Z' },
  )
  const published: EventEnvelope[] = []

  /** Every report over the whole of January and February, as the dashboards ask for them. */
  async function reports() {
    const range = 'from=2026-01-01&to=2026-02-28'
    const [registered, revenue, funnels, health] = await Promise.all([
      admin.get<RegistrationsReport>(`/api/analytics/users/registered?${range}`),
      admin.get<RevenueReport>(`/api/analytics/revenue?${range}`),
      admin.get<FunnelReport>(`/api/analytics/funnels?${range}`),
      admin.get<AnalyticsHealth>('/api/analytics/health'),
    ])
    return {
      registered: registered.body,
      revenue: revenue.body,
      funnels: funnels.body,
      events_stored: health.body.events_stored,
    }
  }

  beforeAll(async () => {
    published.push(
      await publishAt('2026-01-10T08:00:00Z', 'user.registered', ambassador.id, ambassador),
      await publishAt('2026-01-10T09:00:00Z', 'link.created', link.id, { ...link, created_at: '2026-01-10T09:00:00Z' }),
      await publishAt('2026-01-11T09:00:00Z', 'link.clicks_recorded', newId(), {
        counts: [{ link_id: link.id, code: link.code, ambassador_id: ambassador.id, day: '2026-01-11', clicks: 4 }],
      }),
      await publishAt('2026-01-11T10:00:00Z', 'order.completed', oldOrder.id, oldOrder),
      await publishAt('2026-01-12T10:00:00Z', 'order.refunded', oldOrder.id, {
        id: newId(),
        order_id: oldOrder.id,
        link_id: oldOrder.link_id,
        code: oldOrder.code,
        ambassador_id: oldOrder.ambassador_id,
        first_name: oldOrder.first_name,
        last_name: oldOrder.last_name,
        email: oldOrder.email,
        currency: oldOrder.currency,
        amount_minor: 1_000,
        admin_revenue_minor: 900,
        ambassador_revenue_minor: 100,
        items: [],
        order_total_minor: oldOrder.total_minor,
        order_refunded_minor: 1_000,
        order_completed_at: oldOrder.completed_at,
        refunded_at: '2026-01-12T10:00:00.000Z',
      }),
      // 29 days and 23 hours before the pruning: still inside the window.
      await publishAt('2026-01-30T13:00:00Z', 'user.registered', newId(), userData({ role: 'shopper' })),
      await publishAt('2026-02-20T10:00:00Z', 'order.completed', recentOrder.id, recentOrder),
    )
  })

  it('deletes the events that occurred more than ANALYTICS_EVENTS_RETENTION_DAYS ago, in bounded batches, and keeps the rest', async () => {
    const before = await eventsKept()
    expect(await eventsKept('2026-01-30T00:00:00Z')).toBe(5)

    // One batch of 2, and no more in this run: a run is a series of short statements, never one big delete.
    expect(await pruneOldEvents(ctx, { batch: 2, maxBatches: 1 })).toBe(2)
    expect(await eventsKept()).toBe(before - 2)
    // The next run takes the rest, batch after batch, and stops when nothing is left to prune.
    expect(await pruneOldEvents(ctx, { batch: 2 })).toBe(3)
    expect(await pruneOldEvents(ctx, { batch: 2 })).toBe(0)

    expect(await eventsKept('2026-01-30T00:00:00Z')).toBe(0)
    expect(await eventsKept()).toBe(before - 5)
    const page = await admin.get<AnalyticsEventPage>('/api/analytics/events?from=2026-01-30&to=2026-02-28&per_page=200')
    expect(page.body.data.map((e) => e.id)).toEqual(expect.arrayContaining([published[5]?.id, published[6]?.id]))
  })

  it('leaves every rollup as it was: the reports before pruning are the reports after', async () => {
    // Published again on a fresh day of their own, so this test prunes something whatever ran before it.
    const shopper = userData({ role: 'shopper' })
    await publishAt('2026-01-15T10:00:00Z', 'user.registered', shopper.id, shopper)
    const other = completedOrderData(
      {
        ambassadorId: ambassador.id,
        linkId: link.id,
        code: link.code,
        lines: [{ title: 'Pot', price_minor: 3_000, quantity: 1 }],
      },
      { completed_at: '2026-01-15T11:00:00.000Z' },
    )
    await publishAt('2026-01-15T11:00:00Z', 'order.completed', other.id, other)
    const before = await reports()
    expect(before.revenue.totals.orders).toBe(3)
    expect(before.registered.total).toBe(4) // Ada, two shoppers and the admin

    expect(await pruneOldEvents(ctx)).toBeGreaterThanOrEqual(2)
    expect(await eventsKept('2026-01-30T00:00:00Z')).toBe(0)

    expect(await reports()).toEqual(before)
  })

  it('counts a pruned event delivered again only once: older than the window, it is ignored (and counted as such)', async () => {
    await pruneOldEvents(ctx)
    const before = await reports()
    const ignoredBefore = await ignored()
    const oldOrderEvent = published[3] as EventEnvelope
    const registration = published[0] as EventEnvelope
    expect(oldOrderEvent.type).toBe('order.completed')
    await forgetInbox()

    await platform.redeliver(oldOrderEvent)
    await platform.redeliver(registration)

    expect(await reports()).toEqual(before)
    expect(await eventsKept('2026-01-30T00:00:00Z')).toBe(0)
    expect(await ignored()).toBe(ignoredBefore + 2)
  })

  it('ignores an event first delivered after its window too: nothing can tell it from a pruned one', async () => {
    const before = await reports()
    const late = userData({ role: 'shopper' })
    const ignoredBefore = await ignored()
    await platform.redeliver({
      id: newId(),
      type: 'user.registered',
      version: 1,
      occurredAt: '2026-01-20T10:00:00.000Z',
      key: late.id,
      data: late,
    } as EventEnvelope)
    expect(await reports()).toEqual(before)
    expect(await ignored()).toBe(ignoredBefore + 1)
  })

  it('still learns an account and a link from events older than the window (a new deployment reading history)', async () => {
    const before = await reports()
    const veteran = userData({ role: 'ambassador', first_name: 'Grace', last_name: 'Hopper' })
    const envelope = <T extends EventType>(type: T, key: string, data: EventMap[T]) =>
      ({ id: newId(), type, version: 1, occurredAt: '2025-06-01T10:00:00.000Z', key, data }) as EventEnvelope
    await platform.redeliver(envelope('user.registered', veteran.id, veteran))
    const oldLink = {
      id: newId(),
      code: 'VETERAN1',
      user_id: veteran.id,
      product_ids: [],
      created_at: '2025-06-01T10:00:00.000Z',
    }
    await platform.redeliver(envelope('link.created', oldLink.id, oldLink))
    const after = await reports()
    // Nothing counted: no registration, revenue or event more; the link is listed, with nothing against it.
    expect({ ...after, funnels: undefined }).toEqual({ ...before, funnels: undefined })
    expect(after.funnels.links.filter((l) => l.link_id !== oldLink.id)).toEqual(before.funnels.links)
    const funnels = await admin.get<FunnelReport>('/api/analytics/funnels?from=2025-06-01&to=2025-06-30')
    // The link and its ambassador's name are known
    expect(funnels.body.links.find((l) => l.link_id === oldLink.id)).toMatchObject({
      code: 'VETERAN1',
      ambassador: 'Grace Hopper',
      clicks: 0,
    })
  })

  it('still records an event delivered again inside the window once', async () => {
    const recent = published[6] as EventEnvelope
    await forgetInbox()
    const before = await reports()
    await platform.redeliver(recent)
    expect(await reports()).toEqual(before)
    const page = await admin.get<AnalyticsEventPage>(
      '/api/analytics/events?type=order.completed&from=2026-02-20&to=2026-02-20',
    )
    expect(page.body.data.map((e) => e.id)).toEqual([recent.id])
  })
})

describe('GET /api/analytics/events and the retention window', () => {
  it('says since when events are kept on every page', async () => {
    const page = await admin.get<AnalyticsEventPage>('/api/analytics/events?per_page=1')
    expect(page.status).toBe(200)
    expect(page.body.kept_since).toBe('2026-01-30T12:00:00.000Z')
  })

  it('answers 400 outside_retention for days wholly before the window, pointing to the daily reports', async () => {
    const answer = await admin.get<{ code: string; message: string }>(
      '/api/analytics/events?from=2026-01-01&to=2026-01-29',
    )
    expect(answer.status).toBe(400)
    expect(answer.body.code).toBe('outside_retention')
    expect(answer.body.message).toContain('30 days')
    expect(answer.body.message).toContain('2026-01-30')
    expect(answer.body.message).toContain('/api/analytics/revenue')
  })

  it('answers a range reaching into the window with the events kept, none older than kept_since', async () => {
    // Occurred inside the window when published; the window has moved past it since, and no pruning ran yet.
    const stale = await publishAt('2026-02-10T10:00:00Z', 'user.registered', newId(), userData({ role: 'shopper' }))
    const fresh = await publishAt('2026-02-26T10:00:00Z', 'user.registered', newId(), userData({ role: 'shopper' }))
    now = new Date('2026-03-15T12:00:00Z') // the window now starts on 2026-02-13T12:00
    try {
      const page = await admin.get<AnalyticsEventPage>(
        '/api/analytics/events?type=user.registered&from=2026-02-01&to=2026-02-28&per_page=200',
      )
      expect(page.status).toBe(200)
      expect(page.body.kept_since).toBe('2026-02-13T12:00:00.000Z')
      const ids = page.body.data.map((e) => e.id)
      expect(ids).toContain(fresh.id)
      expect(ids).not.toContain(stale.id)
      expect(page.body.data.every((e) => e.occurred_at >= '2026-02-13T12:00:00.000Z')).toBe(true)
    } finally {
      now = PRUNING_DAY
    }
  })
})
