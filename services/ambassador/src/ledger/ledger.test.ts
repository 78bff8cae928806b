import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { OrderCompletedData } from '@ambassador/contracts/events'
import type { LedgerBalances, LedgerEntryPage } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completedOrder, logInAdmin, productData, publishProducts, signUpAmbassador } from '../fixtures.ts'
import { ambassadorService } from '../index.ts'
import { deadLetters, ledgerEntries } from '../schema.ts'
import { approveMaturedCommissions } from './maturity.ts'
import { deliveredOrder, refundedOrder } from './test-events.ts'

const DAY_MS = 86_400_000
const HOLD_DAYS = 30
let now = new Date('2026-03-01T12:00:00.000Z')
const clock = { now: () => new Date(now) }
const advanceDays = (days: number) => {
  now = new Date(now.getTime() + days * DAY_MS)
}

const mug = productData({ title: 'Mug', price_minor: 1250 })
const hoodie = productData({ title: 'Hoodie', price_minor: 4999 })

let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService], { COMMISSION_HOLD_DAYS: String(HOLD_DAYS) }, { clock })
  await publishProducts(platform, [mug, hoodie])
})
afterAll(() => platform?.close())

type Ambassador = Awaited<ReturnType<typeof signUpAmbassador>>

/** An ambassador and an order through their link (2 mugs, 1 hoodie: 2.50 + 5.00 commission), paid now. */
async function referredOrder(ambassador: Ambassador, rateBasisPoints = 1000): Promise<OrderCompletedData> {
  const link = { id: newId(), code: 'c0de', user_id: ambassador.id }
  const order = completedOrder(link, [
    { product: mug, quantity: 2 },
    { product: hoodie, quantity: 1 },
  ])
  return {
    ...order,
    completed_at: now.toISOString(),
    items: order.items.map((item) => ({ ...item, commission_rate_basis_points: rateBasisPoints })),
  }
}

function refundOf(order: OrderCompletedData, lines: { index: number; commissionMinor: number }[]) {
  const byItem = lines.map(({ index, commissionMinor }) => ({ itemId: order.items[index]?.id ?? '', commissionMinor }))
  return refundedOrder(order, byItem, now.toISOString())
}

function delivered(order: OrderCompletedData) {
  return platform.publish('order.delivered', order.id, deliveredOrder(order, now.toISOString()))
}

async function balances(ambassador: Ambassador) {
  const response = await ambassador.client.get<LedgerBalances>('/api/ambassador/ledger')
  expect(response.status).toBe(200)
  return response.body
}

async function entries(ambassador: Ambassador, query = '') {
  const response = await ambassador.client.get<LedgerEntryPage>(`/api/ambassador/ledger/entries${query}`)
  expect(response.status).toBe(200)
  return response.body
}

function db() {
  const ctx = platform.contexts.get('ambassador')
  if (!ctx) throw new Error('the ambassador service is not running')
  return ctx.db
}

describe('the commission ledger', () => {
  it('accrues each commissioned line once, pending, at the rate frozen on it', async () => {
    const ada = await signUpAmbassador(platform)
    const order = await referredOrder(ada, 1000)
    const event = await platform.publish('order.completed', order.id, order)
    await platform.redeliver(event)
    await platform.publish('order.completed', order.id, order) // the same order under another event id
    expect(await balances(ada)).toEqual({
      currency: 'USD',
      pending: 7.5,
      approved: 0,
      paid: 0,
      processing: 0,
      available: 0,
      payout_minimum: 50,
    })
    const page = await entries(ada)
    expect(page.total).toBe(2)
    expect(page.data.map((e) => [e.kind, e.order_item_id, e.pending, e.rate_basis_points])).toEqual(
      expect.arrayContaining([
        ['accrual', order.items[0]?.id, 2.5, 1000],
        ['accrual', order.items[1]?.id, 5, 1000],
      ]),
    )
  })

  it('accrues nothing for a shop order no ambassador referred, and 0 for each line of an order that earned nothing', async () => {
    const ada = await signUpAmbassador(platform)
    const order = await referredOrder(ada)
    await platform.publish('order.completed', order.id, {
      ...order,
      link_id: null,
      code: null,
      ambassador_id: null,
      ambassador_revenue_minor: 0,
    })
    const free = await referredOrder(ada)
    await platform.publish('order.completed', free.id, {
      ...free,
      items: free.items.map((item) => ({ ...item, ambassador_revenue_minor: 0 })),
    })
    // Only the referred order that earned nothing has entries: one accrual of 0 per line (it still counts in stats).
    const entries = await db().select().from(ledgerEntries).where(eq(ledgerEntries.ambassadorId, ada.id))
    expect(entries.map((e) => [e.orderId, e.kind, e.pendingMinor])).toEqual(
      free.items.map(() => [free.id, 'accrual', 0]),
    )
    expect(await balances(ada)).toEqual({
      currency: 'USD',
      pending: 0,
      approved: 0,
      paid: 0,
      processing: 0,
      available: 0,
      payout_minimum: 50,
    })
    expect(await db().select().from(deadLetters)).toEqual([])
  })

  it('reverses a partial refund before approval out of pending, once however often it is delivered', async () => {
    const ada = await signUpAmbassador(platform)
    const order = await referredOrder(ada)
    await platform.publish('order.completed', order.id, order)
    const refund = await platform.publish(
      'order.refunded',
      order.id,
      refundOf(order, [{ index: 1, commissionMinor: 200 }]),
    )
    await platform.redeliver(refund)
    expect(await balances(ada)).toEqual({
      currency: 'USD',
      pending: 5.5,
      approved: 0,
      paid: 0,
      processing: 0,
      available: 0,
      payout_minimum: 50,
    })

    advanceDays(HOLD_DAYS)
    await platform.drain()
    // The approval moves only what was left pending on each line: 2.50 and 5.00 − 2.00.
    expect(await balances(ada)).toEqual({
      currency: 'USD',
      pending: 0,
      approved: 5.5,
      paid: 0,
      processing: 0,
      available: 5.5,
      payout_minimum: 50,
    })
  })

  it('reverses a refund after approval out of approved, which may go below zero until later commission nets it', async () => {
    const ada = await signUpAmbassador(platform)
    const first = await referredOrder(ada)
    await platform.publish('order.completed', first.id, first)
    advanceDays(HOLD_DAYS)
    await platform.drain()
    expect(await balances(ada)).toMatchObject({ pending: 0, approved: 7.5 })

    // The admin spent the commission on a bigger goodwill refund than the line's share: approved goes negative.
    await platform.publish('order.refunded', first.id, refundOf(first, [{ index: 1, commissionMinor: 900 }]))
    expect(await balances(ada)).toEqual({
      currency: 'USD',
      pending: 0,
      approved: -1.5,
      paid: 0,
      processing: 0,
      available: 0,
      payout_minimum: 50,
    })

    const second = await referredOrder(ada)
    await platform.publish('order.completed', second.id, second)
    expect(await balances(ada)).toMatchObject({ pending: 7.5, approved: -1.5 })
    advanceDays(HOLD_DAYS)
    await platform.drain()
    expect(await balances(ada)).toMatchObject({ pending: 0, approved: 6, available: 6 })
    const kinds = (await entries(ada)).data.map((e) => e.kind)
    expect(kinds.filter((k) => k === 'approval')).toHaveLength(4)
    expect(kinds.filter((k) => k === 'reversal')).toHaveLength(1)
  })

  it('reverses nothing for a line it never accrued (an order completed before the ledger existed)', async () => {
    const ada = await signUpAmbassador(platform)
    const old = await referredOrder(ada)
    await platform.publish('order.refunded', old.id, refundOf(old, [{ index: 0, commissionMinor: 100 }]))
    expect(await db().select().from(ledgerEntries).where(eq(ledgerEntries.orderId, old.id))).toEqual([])
    expect(await db().select().from(deadLetters)).toEqual([])
  })
})

describe('maturity', () => {
  it('approves nothing before the hold has passed since payment, and everything once it has', async () => {
    const ada = await signUpAmbassador(platform)
    const order = await referredOrder(ada)
    await platform.publish('order.completed', order.id, order)
    advanceDays(HOLD_DAYS - 1)
    await platform.drain()
    expect(await balances(ada)).toMatchObject({ pending: 7.5, approved: 0 })
    advanceDays(1)
    await platform.drain()
    expect(await balances(ada)).toMatchObject({ pending: 0, approved: 7.5 })
    await platform.drain()
    advanceDays(HOLD_DAYS)
    await platform.drain()
    const approvals = await db().select().from(ledgerEntries).where(eq(ledgerEntries.orderId, order.id))
    expect(approvals.filter((e) => e.kind === 'approval')).toHaveLength(2)
  })

  it('counts the hold from delivery when the order was delivered', async () => {
    const ada = await signUpAmbassador(platform)
    const order = await referredOrder(ada)
    await platform.publish('order.completed', order.id, order)
    advanceDays(10)
    const delivery = await delivered(order)
    advanceDays(HOLD_DAYS - 1) // 39 days after payment, 29 after delivery
    await platform.redeliver({ ...delivery, id: newId(), data: { ...delivery.data, at: now.toISOString() } })
    await platform.drain()
    expect(await balances(ada)).toMatchObject({ pending: 7.5, approved: 0 })
    advanceDays(1)
    await platform.drain()
    expect(await balances(ada)).toMatchObject({ pending: 0, approved: 7.5 })
  })
})

describe('two maturity workers at once', () => {
  it('approve each line once between them', async () => {
    const ada = await signUpAmbassador(platform)
    const orders = [await referredOrder(ada), await referredOrder(ada), await referredOrder(ada)]
    for (const order of orders) await platform.publish('order.completed', order.id, order)
    advanceDays(HOLD_DAYS)
    const ctx = platform.contexts.get('ambassador')
    if (!ctx) throw new Error('the ambassador service is not running')
    const [a, b] = await Promise.all([approveMaturedCommissions(ctx), approveMaturedCommissions(ctx)])
    await platform.drain()
    expect(a + b).toBeGreaterThanOrEqual(6)
    const approvals = await db()
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.ambassadorId, ada.id), eq(ledgerEntries.kind, 'approval')))
    expect(approvals).toHaveLength(6)
    expect(await balances(ada)).toMatchObject({ pending: 0, approved: 22.5 })
  })
})

describe('the ledger module', () => {
  it('only ever inserts entries: none is updated or deleted', async () => {
    const dir = fileURLToPath(new URL('..', import.meta.url))
    const sources = (await readdir(dir, { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    )
    for (const file of sources) {
      const text = await readFile(join(dir, file), 'utf8')
      expect(text, file).not.toMatch(/\.(update|delete)\(ledgerEntries\b|(UPDATE|DELETE FROM)\s+\S*ledger_entries/)
    }
  })
})

describe('GET /api/ambassador/ledger/entries', () => {
  it('pages the entries newest first and shows no one else’s', async () => {
    const [ada, grace] = [await signUpAmbassador(platform), await signUpAmbassador(platform)]
    for (let i = 0; i < 3; i++) {
      const order = await referredOrder(ada)
      await platform.publish('order.completed', order.id, order)
      advanceDays(1)
    }
    const first = await entries(ada, '?page=1&per_page=4')
    expect(first).toMatchObject({ total: 6, page: 1, last_page: 2 })
    expect(first.data).toHaveLength(4)
    const second = await entries(ada, '?page=2&per_page=4')
    expect(second.data).toHaveLength(2)
    const times = [...first.data, ...second.data].map((e) => e.occurred_at)
    expect(times).toEqual([...times].sort().reverse())
    expect((await entries(grace)).total).toBe(0)
    expect((await ada.client.get('/api/ambassador/ledger/entries?per_page=0')).status).toBe(400)
  })
})

describe('GET /api/admin/ambassadors/:id/ledger', () => {
  it('shows an admin any ambassador’s balances and entries, and 404s for someone unknown', async () => {
    const ada = await signUpAmbassador(platform)
    const order = await referredOrder(ada)
    await platform.publish('order.completed', order.id, order)
    const admin = await logInAdmin(platform)
    const shown = await admin.get<LedgerBalances>(`/api/admin/ambassadors/${ada.id}/ledger`)
    expect(shown.status).toBe(200)
    expect(shown.body).toEqual(await balances(ada))
    const listed = await admin.get<LedgerEntryPage>(`/api/admin/ambassadors/${ada.id}/ledger/entries`)
    expect(listed.body.total).toBe(2)
    for (const id of [newId(), 'not-a-uuid']) {
      const missing = await admin.get<{ code: string }>(`/api/admin/ambassadors/${id}/ledger`)
      expect(missing.status).toBe(404)
      expect(missing.body.code).toBe('ambassador_not_found')
    }
    expect((await ada.client.get(`/api/admin/ambassadors/${ada.id}/ledger`)).status).toBe(403)
  })
})
