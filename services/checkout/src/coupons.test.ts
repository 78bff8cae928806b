import { randomUUID } from 'node:crypto'
import type { Coupon } from '@ambassador/contracts/http'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from './index.ts'
import { reconcileOrders } from './orders.ts'
import { orderItems, testPaymentSessions } from './schema.ts'
import {
  checkoutDb,
  completedEvents,
  orderBody,
  orderOfSession,
  payWithCard,
  type SeededStore,
  seedStore,
} from './testing/store.ts'

/** The service's clock, moved by hand: coupons start and end, unpaid orders expire. */
let now = Date.parse('2026-06-01T12:00:00Z')
let platform: TestPlatform
let admin: TestClient
let store: SeededStore
const BOOKS = randomUUID()

beforeAll(async () => {
  platform = await startTestPlatform(
    [checkoutService],
    { ORDER_TTL_MINUTES: '60', CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000' },
    { clock: { now: () => new Date(now) } },
  )
  admin = await platform.signIn(userData({ role: 'admin' }))
  store = await seedStore(platform, [
    { title: 'Teapot', price_minor: 1999 },
    { title: 'Cookbook', price_minor: 3001, category_ids: [BOOKS] },
  ])
})
afterAll(() => platform?.close())

const [TEAPOT, COOKBOOK] = [0, 1]
const productId = (i: number) => store.products[i]?.id ?? ''
const uniqueCode = (prefix: string) => `${prefix}${randomUUID().slice(0, 6)}`.toUpperCase()

async function createCoupon(body: Record<string, unknown>): Promise<Coupon> {
  const response = await admin.post<Coupon>('/api/admin/coupons', { code: uniqueCode('C'), ...body })
  expect(response.status, response.text).toBe(201)
  return response.body
}

const order = (coupon: string, lines: [number, number][], overrides: Record<string, unknown> = {}) =>
  testClient(platform.app).post<{ id: string; url: string; code?: string; message?: string }>(
    '/api/checkout/orders',
    orderBody(
      store.link.code,
      lines.map(([i, quantity]) => ({ product_id: productId(i), quantity })),
      { coupon, ...overrides },
    ),
  )

const couponNamed = async (id: string) =>
  (await admin.get<Coupon[]>('/api/admin/coupons')).body.find((coupon) => coupon.id === id)

describe('coupons for admins', () => {
  it('creates a coupon under its code in upper case, and refuses the same code twice with 409', async () => {
    const code = uniqueCode('spring')
    const created = await admin.post<Coupon>('/api/admin/coupons', {
      code: code.toLowerCase(),
      kind: 'percent',
      percent: 15,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      code,
      kind: 'percent',
      percent: 15,
      amount: null,
      currency: 'USD',
      used: 0,
      active: true,
    })
    const again = await admin.post<{ code: string }>('/api/admin/coupons', { code, kind: 'fixed', amount: 5 })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('coupon_code_taken')
  })

  it('refuses coupons that make no sense with 400 and a message', async () => {
    for (const body of [
      { kind: 'percent' },
      { kind: 'percent', percent: 0 },
      { kind: 'percent', percent: 120 },
      { kind: 'percent', percent: 10.555 },
      { kind: 'fixed', amount: -5 },
      { kind: 'fixed', amount: 5, starts_at: '2026-07-01T00:00:00Z', ends_at: '2026-06-01T00:00:00Z' },
      { kind: 'fixed', amount: 5, code: 'has space' },
    ]) {
      const response = await admin.post<{ message: string }>('/api/admin/coupons', { code: uniqueCode('B'), ...body })
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.body.message).toBeTruthy()
    }
  })

  it('edits and deletes a coupon', async () => {
    const coupon = await createCoupon({ kind: 'fixed', amount: 5 })
    const edited = await admin.request<Coupon>('PATCH', `/api/admin/coupons/${coupon.id}`, {
      active: false,
      max_uses: 3,
    })
    expect(edited.body).toMatchObject({ active: false, max_uses: 3, amount: 5 })
    expect((await admin.delete(`/api/admin/coupons/${coupon.id}`)).status).toBe(204)
    expect((await admin.delete(`/api/admin/coupons/${coupon.id}`)).status).toBe(404)
  })

  it('is for admins only', async () => {
    expect((await testClient(platform.app).get('/api/admin/coupons')).status).toBe(401)
  })
})

describe('an order with a coupon', () => {
  it('spreads the discount over the lines and pays the ambassador on what the customer paid per line', async () => {
    const coupon = await createCoupon({ kind: 'percent', percent: 10 })
    const placed = await order(coupon.code.toLowerCase(), [
      [TEAPOT, 1],
      [COOKBOOK, 1],
    ])
    expect(placed.status, placed.text).toBe(201)
    const stored = await orderOfSession(platform, placed.body.id)
    // 19.99 + 30.01 = 50.00, 10% off = 5.00: 1.99 on the teapot, 3.01 on the book; 10% commission on what was paid.
    expect(stored).toMatchObject({ totalMinor: 4500, discountMinor: 500, couponCode: coupon.code })
    const items = await checkoutDb(platform)
      .select()
      .from(orderItems)
      .where(eq(orderItems.orderId, stored.id))
      .orderBy(asc(orderItems.productTitle))
    expect(items.map((i) => [i.productTitle, i.discountMinor, i.ambassadorRevenueMinor, i.adminRevenueMinor])).toEqual([
      ['Cookbook', 301, 270, 2430],
      ['Teapot', 199, 180, 1620],
    ])
    const [session] = await checkoutDb(platform)
      .select()
      .from(testPaymentSessions)
      .where(eq(testPaymentSessions.id, placed.body.id))
    expect(session?.amountMinor).toBe(4500)
    expect(session?.lineItems.reduce((sum, item) => sum + item.unitMinor * item.quantity, 0)).toBe(4500)

    expect((await payWithCard(platform, placed.body.url, '4242424242424242')).status).toBe(303)
    const [completed] = await completedEvents(platform, stored.id)
    expect(completed).toMatchObject({ total_minor: 4500, discount_minor: 500, coupon_code: coupon.code })
    expect(completed?.items.map((i) => i.discount_minor).sort()).toEqual([199, 301])
    expect((await couponNamed(coupon.id))?.used).toBe(1)
  })

  it('limited to a category, discounts only the lines in it', async () => {
    const coupon = await createCoupon({ kind: 'fixed', amount: 10, category_ids: [BOOKS] })
    const placed = await order(coupon.code, [
      [TEAPOT, 2],
      [COOKBOOK, 1],
    ])
    expect(placed.status).toBe(201)
    const stored = await orderOfSession(platform, placed.body.id)
    expect(stored).toMatchObject({ totalMinor: 1999 * 2 + 3001 - 1000, discountMinor: 1000 })
  })

  it.each([
    ['unknown', async () => 'NOSUCHCODE', 'coupon_unknown'],
    [
      'expired',
      async () => (await createCoupon({ kind: 'percent', percent: 5, ends_at: '2026-05-01T00:00:00Z' })).code,
      'coupon_expired',
    ],
    [
      'not started',
      async () => (await createCoupon({ kind: 'percent', percent: 5, starts_at: '2026-07-01T00:00:00Z' })).code,
      'coupon_not_started',
    ],
    [
      'below its minimum',
      async () => (await createCoupon({ kind: 'percent', percent: 5, min_order: 100 })).code,
      'coupon_min_order',
    ],
    [
      'inactive',
      async () => (await createCoupon({ kind: 'percent', percent: 5, active: false })).code,
      'coupon_inactive',
    ],
  ])('is refused with 400 and the reason when the coupon is %s, and nothing is kept', async (_, codeOf, reason) => {
    const placed = await order(await codeOf(), [[TEAPOT, 1]])
    expect(placed.status).toBe(400)
    expect(placed.body.code).toBe(reason)
    expect(placed.body.message).toBeTruthy()
  })

  it('gives its use back when the order expires unpaid, and takes it again if the payment arrives after all', async () => {
    const coupon = await createCoupon({ kind: 'percent', percent: 5, max_uses: 1 })
    const placed = await order(coupon.code, [[TEAPOT, 1]])
    expect(placed.status).toBe(201)
    expect((await order(coupon.code, [[TEAPOT, 1]])).body.code).toBe('coupon_exhausted')

    now += 61 * 60_000
    await reconcileOrders(platform.contexts.get('checkout') as never)
    expect((await orderOfSession(platform, placed.body.id)).status).toBe('expired')
    expect((await couponNamed(coupon.id))?.used).toBe(0)
  })

  it('holds a per-customer limit, counted by email', async () => {
    const coupon = await createCoupon({ kind: 'percent', percent: 5, max_uses_per_customer: 1 })
    const first = await order(coupon.code, [[TEAPOT, 1]], { email: 'Grace@Example.com' })
    expect(first.status).toBe(201)
    const again = await order(coupon.code, [[TEAPOT, 1]], { email: 'grace@example.com' })
    expect(again.status).toBe(400)
    expect(again.body.code).toBe('coupon_used_by_customer')
    expect((await order(coupon.code, [[TEAPOT, 1]], { email: 'alan@example.com' })).status).toBe(201)
  })

  it('lets exactly one of 20 shoppers racing for a one-use coupon place their order; the others get 400 used up', async () => {
    const coupon = await createCoupon({ kind: 'fixed', amount: 5, max_uses: 1 })
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => order(coupon.code, [[TEAPOT, 1]], { email: `racer${i}@example.com` })),
    )
    const statuses = replies.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 400)).toHaveLength(19)
    expect(replies.filter((r) => r.status === 400).every((r) => r.body.code === 'coupon_exhausted')).toBe(true)
    expect((await couponNamed(coupon.id))?.used).toBe(1)
  })

  it('that makes the order free completes it at once, without a payment page, and confirms like any other', async () => {
    const coupon = await createCoupon({ kind: 'percent', percent: 100 })
    const placed = await order(coupon.code, [[COOKBOOK, 1]])
    expect(placed.status).toBe(201)
    expect(placed.body.url).toMatch(/\/success\?source=free_/)
    const stored = await orderOfSession(platform, placed.body.id)
    expect(stored).toMatchObject({ status: 'completed', totalMinor: 0, discountMinor: 3001 })
    expect(await completedEvents(platform, stored.id)).toHaveLength(1)
    const confirmed = await testClient(platform.app).post('/api/checkout/orders/confirm', { source: placed.body.id })
    expect(confirmed.status).toBe(200)
    expect((await couponNamed(coupon.id))?.used).toBe(1)
  })

  it('refunding every unit of a discounted order gives back what was paid, not the list price', async () => {
    const coupon = await createCoupon({ kind: 'fixed', amount: 1 })
    const placed = await order(coupon.code, [[TEAPOT, 3]])
    expect((await payWithCard(platform, placed.body.url, '4242424242424242')).status).toBe(303)
    const stored = await orderOfSession(platform, placed.body.id)
    const [item] = await checkoutDb(platform).select().from(orderItems).where(eq(orderItems.orderId, stored.id))
    const refunded = await admin.post<{ refunded: number; amount_paid: number; discount: number; subtotal: number }>(
      `/api/admin/orders/${stored.id}/refunds`,
      { items: [{ order_item_id: item?.id, quantity: 3 }] },
    )
    expect(refunded.status, refunded.text).toBe(201)
    expect(refunded.body).toMatchObject({ refunded: 58.97, amount_paid: 58.97, discount: 1, subtotal: 59.97 })
  })
})
