import type { OrderDetail } from '@ambassador/contracts/http'
import { splitCommission } from '@ambassador/kit/money/money'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startWholePlatform({ COMMISSION_RATE: '12.5' })
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
})
afterAll(() => platform?.close())

const cents = (amount: number) => Math.round(amount * 100)
const commission = (minor: number) => splitCommission(minor, 1250).ambassadorMinor

/** An ambassador (their own first name) selling three products at 19.99, 13.33 and 7.50 through one link. */
async function ambassadorWithLink(firstName: string) {
  const ambassador = testClient(platform.app)
  const email = `${firstName.toLowerCase()}@example.com`
  const credentials = { email, password: 'ambassador-pw' }
  const registered = await ambassador.post('/api/ambassador/register', {
    first_name: firstName,
    last_name: 'Seller',
    ...credentials,
    password_confirm: credentials.password,
  })
  expect(registered.status).toBe(201)
  expect((await ambassador.post('/api/ambassador/login', credentials)).status).toBe(200)
  const products: string[] = []
  for (const [title, price] of [
    [`${firstName}'s Tea`, 19.99],
    [`${firstName}'s Mug`, 13.33],
    [`${firstName}'s Spoon`, 7.5],
  ] as const) {
    const created = await admin.post<{ id: string }>('/api/admin/products', {
      title,
      description: title,
      image: '',
      price,
    })
    expect(created.status).toBe(201)
    products.push(created.body.id)
  }
  await platform.drain()
  const link = await ambassador.post<{ code: string }>('/api/ambassador/links', { products })
  expect(link.status).toBe(201)
  return { ambassador, code: link.body.code, products, name: `${firstName} Seller` }
}

/** A customer orders 1 tea, 3 mugs and 2 spoons through the link and pays with the test card. */
async function paidOrder(code: string, products: string[]): Promise<OrderDetail> {
  const shopper = testClient(platform.app)
  const session = await shopper.post<{ id: string; url: string }>(
    '/api/checkout/orders',
    customerOrder(
      code,
      products.map((product_id, i) => ({ product_id, quantity: [1, 3, 2][i] ?? 1 })),
    ),
  )
  expect(session.status).toBe(201)
  expect((await shopper.post(new URL(session.body.url).pathname, { card_number: '4242424242424242' })).status).toBe(303)
  expect((await shopper.post('/api/checkout/orders/confirm', { source: session.body.id })).status).toBe(200)
  await platform.drain()
  const orders = await admin.get<{ id: string; code: string }[]>('/api/admin/orders')
  const id = orders.body.find((o) => o.code === code)?.id
  const detail = await admin.get<OrderDetail>(`/api/admin/orders/${id}`)
  expect(detail.status).toBe(200)
  return detail.body
}

/** Every figure an ambassador's commission shows up in, in minor units. */
async function commissionViews(seller: Awaited<ReturnType<typeof ambassadorWithLink>>, orderId: string) {
  const [user, stats, daily, rankings, orders, detail] = await Promise.all([
    seller.ambassador.get<{ revenue: number }>('/api/ambassador/user'),
    seller.ambassador.get<{ code: string; revenue: number }[]>('/api/ambassador/stats'),
    seller.ambassador.get<{ revenue: number }[]>(`/api/ambassador/stats/daily?code=${seller.code}`),
    seller.ambassador.get<Record<string, number>>('/api/ambassador/rankings'),
    admin.get<{ id: string; ambassador_revenue: number; total: number; refunded: number }[]>('/api/admin/orders'),
    admin.get<OrderDetail>(`/api/admin/orders/${orderId}`),
  ])
  const order = orders.body.find((o) => o.id === orderId)
  return {
    user: cents(user.body.revenue),
    stats: cents(stats.body.find((s) => s.code === seller.code)?.revenue ?? Number.NaN),
    daily: cents(daily.body.reduce((sum, d) => sum + d.revenue, 0)),
    rankings: cents(rankings.body[seller.name] ?? Number.NaN),
    adminOrders: cents(order?.ambassador_revenue ?? Number.NaN),
    checkout: cents(detail.body.ambassador_revenue),
  }
}

describe('refunds', () => {
  it('reverses exactly the refunded line’s frozen commission, to the cent, in every view', async () => {
    const seller = await ambassadorWithLink('Ada')
    const order = await paidOrder(seller.code, seller.products)
    const earned = commission(1999) + commission(3 * 1333) + commission(2 * 750)
    const all = (minor: number) => ({
      user: minor,
      stats: minor,
      daily: minor,
      rankings: minor,
      adminOrders: minor,
      checkout: minor,
    })
    expect(await commissionViews(seller, order.id)).toEqual(all(earned))
    const summaryBefore = (
      await admin.get<{ revenue: number; commissions: number; store_revenue: number }>('/api/admin/summary')
    ).body

    const mugs = order.order_items.find((item) => item.quantity === 3)
    const refunded = await admin.post<OrderDetail>(`/api/admin/orders/${order.id}/refunds`, {
      items: [{ order_item_id: mugs?.id, quantity: 1 }],
    })
    expect(refunded.status).toBe(201)
    await platform.drain()

    // The mug line's commission on one of its three units: 12.5% of 39.99 is 5.00 on the line; after one unit is
    // refunded, 12.5% of 26.66 (3.33) is what stays — 1.67 is reversed, and no other line is touched.
    const reversed = commission(3 * 1333) - commission(2 * 1333)
    expect(reversed).toBe(167)
    expect(refunded.body.refunds).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        amount: 13.33,
        ambassador_revenue: 1.67,
        lines: [
          expect.objectContaining({ order_item_id: mugs?.id, quantity: 1, amount: 13.33, ambassador_revenue: 1.67 }),
        ],
      }),
    ])
    expect(refunded.body.order_items.map((item) => [item.refunded_quantity, cents(item.refunded)])).toEqual(
      order.order_items.map((item) => (item.id === mugs?.id ? [1, 1333] : [0, 0])),
    )
    expect(await commissionViews(seller, order.id)).toEqual(all(earned - reversed))
    const mail = (await admin.get<{ to: string; subject: string }[]>('/api/admin/emails')).body
    expect(mail.map((m) => `${m.to} ${m.subject}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^charles@example\.com Your Ambassador refund of \$13\.33 for order #/),
        `ada@example.com Commission reversed: $1.67 on link ${seller.code}`,
        expect.stringMatching(/^admin@example\.com Refund issued: \$13\.33 on order #/),
      ]),
    )

    const summary = (
      await admin.get<{ revenue: number; commissions: number; store_revenue: number }>('/api/admin/summary')
    ).body
    expect(cents(summaryBefore.revenue) - cents(summary.revenue)).toBe(1333)
    expect(cents(summaryBefore.commissions) - cents(summary.commissions)).toBe(reversed)
    expect(cents(summaryBefore.store_revenue) - cents(summary.store_revenue)).toBe(1333 - reversed)
  })

  it('spreads an amount refund across the lines and reverses the commission on each part', async () => {
    const seller = await ambassadorWithLink('Grace')
    const order = await paidOrder(seller.code, seller.products)
    const refunded = await admin.post<OrderDetail>(`/api/admin/orders/${order.id}/refunds`, { amount: '10.00' })
    expect(refunded.status).toBe(201)
    await platform.drain()
    const [refund] = refunded.body.refunds
    // Left on the lines: 19.99, 39.99, 15.00 of 74.98 → 2.66, 5.33, 2.00 and the remaining cent on the last line.
    expect(refund?.lines.map((line) => cents(line.amount))).toEqual([266, 533, 201])
    const reversed = refund?.lines.reduce((sum, line) => sum + cents(line.ambassador_revenue), 0) ?? 0
    // Each part's commission at the order's rate: what the refunded money earned the ambassador, and no more.
    expect(reversed).toBe(commission(266) + commission(533) + commission(201))
    const earned = commission(1999) + commission(3999) + commission(1500)
    const views = await commissionViews(seller, order.id)
    expect(new Set(Object.values(views))).toEqual(new Set([earned - reversed]))
  })

  it('answers 400 to a refund of more than was paid, and changes nothing', async () => {
    const seller = await ambassadorWithLink('Hedy')
    const order = await paidOrder(seller.code, seller.products)
    const tea = order.order_items.find((item) => item.quantity === 1)
    const tooMany = await admin.post(`/api/admin/orders/${order.id}/refunds`, {
      items: [{ order_item_id: tea?.id, quantity: 2 }],
    })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toMatchObject({ code: 'refund_exceeds_payment' })
    const tooMuch = await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: 74.99 })
    expect(tooMuch.status).toBe(400)
    const detail = await admin.get<OrderDetail>(`/api/admin/orders/${order.id}`)
    expect(detail.body.refunded).toBe(0)
    expect(detail.body.refunds).toEqual([])
  })

  it('refunds the whole order in two steps, and then refuses a third', async () => {
    const seller = await ambassadorWithLink('Katherine')
    const order = await paidOrder(seller.code, seller.products)
    expect((await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: 50 })).status).toBe(201)
    expect((await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: 24.98 })).status).toBe(201)
    expect((await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: 0.01 })).status).toBe(400)
    await platform.drain()
    expect(new Set(Object.values(await commissionViews(seller, order.id)))).toEqual(new Set([0]))
  })

  it('answers 404 for an order that does not exist, and 401/403 to anyone but an admin', async () => {
    const unknown = '0190d2a4-0000-7000-8000-000000000000'
    expect((await admin.get(`/api/admin/orders/${unknown}`)).status).toBe(404)
    expect((await admin.post(`/api/admin/orders/${unknown}/refunds`, { amount: 1 })).status).toBe(404)
    expect((await admin.get('/api/admin/orders/not-a-uuid')).status).toBe(404)
    const anonymous = testClient(platform.app)
    expect((await anonymous.post(`/api/admin/orders/${unknown}/refunds`, { amount: 1 })).status).toBe(401)
    const seller = await ambassadorWithLink('Mary')
    expect((await seller.ambassador.post(`/api/admin/orders/${unknown}/refunds`, { amount: 1 })).status).toBe(403)
  })
})
