import type { OrderCompletedData } from '@ambassador/contracts/events'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { prng } from '@ambassador/kit/testing/prng'
import { inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completedOrder, productData, publishProducts, signUpAmbassador } from '../fixtures.ts'
import { ambassadorService } from '../index.ts'
import { ledgerEntries, linkDailyStats, linkStats } from '../schema.ts'
import { type AmbassadorContext, RANKINGS_SCOPE, statsScope } from '../stats.ts'
import { rebuildStatsFromLedger } from './rebuild.ts'
import { refundedOrder } from './test-events.ts'

const DAY_MS = 86_400_000
const HOLD_DAYS = 5
const STEPS = 60
let now = new Date('2026-02-02T10:00:00.000Z')
const clock = { now: () => new Date(now) }

const mug = productData({ title: 'Mug', price_minor: 1250 })
const hoodie = productData({ title: 'Hoodie', price_minor: 4999 })
const products = [mug, hoodie, productData({ title: 'Sticker', price_minor: 333 })]

type Ambassador = Awaited<ReturnType<typeof signUpAmbassador>>
type Link = { id: string; code: string; user_id: string }

let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService], { COMMISSION_HOLD_DAYS: String(HOLD_DAYS) }, { clock })
  await publishProducts(platform, products)
})
afterAll(() => platform?.close())

function context() {
  const ctx = platform.contexts.get('ambassador') as AmbassadorContext | undefined
  if (!ctx) throw new Error('the ambassador service is not running')
  return ctx
}

async function createLink(ambassador: Ambassador): Promise<Link> {
  const created = await ambassador.client.post<Link>('/api/ambassador/links', { products: products.map((p) => p.id) })
  expect(created.status).toBe(201)
  return created.body
}

async function answer(ambassador: Ambassador, path: string) {
  const response = await ambassador.client.get(path)
  expect(response.status, `${path}: ${response.text}`).toBe(200)
  return response.text
}

/** Everything the API says from the stats and rankings, per ambassador and per link: what a rebuild must reproduce. */
async function projections(ambassadors: { ambassador: Ambassador; links: Link[] }[]) {
  const answers: Record<string, string> = {}
  for (const { ambassador, links } of ambassadors) {
    answers[`${ambassador.id} stats`] = await answer(ambassador, '/api/ambassador/stats')
    answers[`${ambassador.id} daily`] = await answer(ambassador, '/api/ambassador/stats/daily?days=365')
    for (const link of links) {
      answers[`${link.code} daily`] = await answer(ambassador, `/api/ambassador/stats/daily?days=365&code=${link.code}`)
    }
    answers[`${ambassador.id} rankings`] = await answer(ambassador, '/api/ambassador/rankings')
  }
  return answers
}

/** As after losing the projections: the stats tables emptied, the leaderboard's scores and the cached answers gone. */
async function wipeProjections(ambassadorIds: string[]) {
  const ctx = context()
  await ctx.db.delete(linkStats)
  await ctx.db.delete(linkDailyStats)
  await ctx.leaderboard.replace([])
  await ctx.cache.invalidate(...ambassadorIds.map(statsScope), RANKINGS_SCOPE)
}

describe('rebuilding the stats and rankings from the ledger', () => {
  it('reproduces them exactly after random orders, partial refunds and approvals across links and days', async () => {
    const random = prng(1313)
    const ambassadors: { ambassador: Ambassador; links: Link[] }[] = []
    for (let a = 0; a < 3; a++) {
      const ambassador = await signUpAmbassador(platform)
      ambassadors.push({ ambassador, links: [await createLink(ambassador), await createLink(ambassador)] })
    }
    const orders: { order: OrderCompletedData; refunded: Map<string, number> }[] = []
    let refunds = 0
    for (let step = 0; step < STEPS; step++) {
      const action = random.next()
      if (action < 0.55 || orders.length === 0) {
        const link = random.pick(ambassadors.flatMap((a) => a.links))
        const lines = Array.from({ length: random.int(1, 3) }, () => ({
          product: random.pick(products),
          quantity: random.int(1, 4),
        }))
        const unique = lines.filter((line, i) => lines.findIndex((l) => l.product.id === line.product.id) === i)
        // Completed up to three days back, at any time of day: orders spread over several UTC days per link.
        const completedAt = new Date(now.getTime() - random.int(0, 3 * DAY_MS)).toISOString()
        const order = { ...completedOrder(link, unique), completed_at: completedAt }
        await platform.publish('order.completed', order.id, order)
        orders.push({ order, refunded: new Map() })
      } else if (action < 0.85) {
        const { order, refunded } = random.pick(orders)
        const item = random.pick(order.items)
        const left = item.ambassador_revenue_minor - (refunded.get(item.id) ?? 0)
        if (left <= 0) continue
        const commissionMinor = random.int(1, left)
        refunded.set(item.id, (refunded.get(item.id) ?? 0) + commissionMinor)
        const refund = refundedOrder(order, [{ itemId: item.id, commissionMinor }], now.toISOString())
        await platform.publish('order.refunded', order.id, refund)
        refunds++
      } else {
        now = new Date(now.getTime() + random.int(1, 3) * DAY_MS)
        await platform.drain() // approvals: they move commission between buckets and must count for nothing here
      }
    }
    expect(refunds).toBeGreaterThan(5)
    // Every entry knows its order's link: accruals from the order, reversals and approvals from their accrual.
    const linkOfOrder = new Map(orders.map(({ order }) => [order.id, order.link_id]))
    const entries = await context()
      .db.select()
      .from(ledgerEntries)
      .where(inArray(ledgerEntries.orderId, [...linkOfOrder.keys()]))
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(['accrual', 'reversal', 'approval']))
    for (const entry of entries) expect(entry.linkId, entry.kind).toBe(linkOfOrder.get(entry.orderId ?? ''))
    const before = await projections(ambassadors)
    // The rebuild agrees with the live consumers: nothing to change.
    expect(await rebuildStatsFromLedger(context(), { check: true })).toEqual({
      links: new Set(orders.map((o) => o.order.link_id)).size,
      changed: [],
    })

    await wipeProjections(ambassadors.map((a) => a.ambassador.id))
    const wiped = await projections(ambassadors)
    expect(wiped).not.toEqual(before)

    const report = await rebuildStatsFromLedger(context())
    expect(report.changed.length).toBeGreaterThan(0)
    expect(report.changed.every((change) => change.before === null && change.after !== null)).toBe(true)
    expect(await projections(ambassadors)).toEqual(before)
    expect(await rebuildStatsFromLedger(context(), { check: true })).toMatchObject({ changed: [] })
  })

  it('only reports the differences when checking, and writes nothing', async () => {
    const ambassador = await signUpAmbassador(platform)
    const link = await createLink(ambassador)
    const order = { ...completedOrder(link, [{ product: mug, quantity: 2 }]), completed_at: now.toISOString() }
    await platform.publish('order.completed', order.id, order)
    await platform.publish(
      'order.refunded',
      order.id,
      refundedOrder(order, [{ itemId: order.items[0]?.id ?? '', commissionMinor: 50 }], now.toISOString()),
    )
    const day = now.toISOString().slice(0, 10)
    await context().db.delete(linkStats)
    await context().db.delete(linkDailyStats)

    const report = await rebuildStatsFromLedger(context(), { check: true })
    expect(report.changed).toEqual(
      expect.arrayContaining([
        { link_id: link.id, day: null, before: null, after: { orders: 1, revenue_minor: 200 } },
        { link_id: link.id, day, before: null, after: { orders: 1, revenue_minor: 200 } },
      ]),
    )
    expect(await context().db.select().from(linkStats)).toEqual([])
    await rebuildStatsFromLedger(context())
  })

  it('keeps counting an order whose lines earned nothing (a 0% rate): each line has its entry of 0', async () => {
    const ambassador = await signUpAmbassador(platform)
    const link = await createLink(ambassador)
    const placed = completedOrder(link, [{ product: mug, quantity: 1 }])
    const order = {
      ...placed,
      completed_at: now.toISOString(),
      ambassador_revenue_minor: 0,
      items: placed.items.map((item) => ({ ...item, ambassador_revenue_minor: 0, commission_rate_basis_points: 0 })),
    }
    await platform.publish('order.completed', order.id, order)
    const stats = async () => JSON.parse(await answer(ambassador, '/api/ambassador/stats'))
    expect(await stats()).toEqual([{ code: link.code, count: 1, revenue: 0, link_id: link.id }])
    await wipeProjections([ambassador.id])
    await rebuildStatsFromLedger(context())
    expect(await stats()).toEqual([{ code: link.code, count: 1, revenue: 0, link_id: link.id }])
  })

  it('reports a link whose stats drifted from its ledger, and puts it right', async () => {
    const ambassador = await signUpAmbassador(platform)
    const link = await createLink(ambassador)
    const order = { ...completedOrder(link, [{ product: hoodie, quantity: 1 }]), completed_at: now.toISOString() }
    await platform.publish('order.completed', order.id, order)
    const stats = async () => JSON.parse(await answer(ambassador, '/api/ambassador/stats'))
    expect(await stats()).toEqual([{ code: link.code, count: 1, revenue: 5, link_id: link.id }])
    await context().db.update(linkStats).set({ ordersCount: 7, revenueMinor: 123 })

    const report = await rebuildStatsFromLedger(context())
    expect(report.changed.filter((c) => c.link_id === link.id)).toEqual([
      {
        link_id: link.id,
        day: null,
        before: { orders: 7, revenue_minor: 123 },
        after: { orders: 1, revenue_minor: 500 },
      },
    ])
    expect(await stats()).toEqual([{ code: link.code, count: 1, revenue: 5, link_id: link.id }])
  })
})
