import type {
  AnalyticsEventPage,
  AnalyticsHealth,
  FunnelReport,
  RegistrationsReport,
  RevenueReport,
} from '@ambassador/contracts/analytics'
import type { OrderDetail } from '@ambassador/contracts/http'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient
let seller: { code: string; products: string[] }
let orders: OrderDetail[]

const DAY_MS = 86_400_000
const utcDay = (time: number) => new Date(time).toISOString().slice(0, 10)
/** Yesterday and today (UTC): what happens in the test falls inside, even across midnight. */
const range = () => `from=${utcDay(Date.now() - DAY_MS)}&to=${utcDay(Date.now())}`
const cents = (amount: number) => Math.round(amount * 100)
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'

/** An ambassador signs up, the admin adds three products, the ambassador makes a link of them. */
async function ambassadorWithLink() {
  const ambassador = testClient(platform.app)
  const credentials = { email: 'ada@example.com', password: 'ambassador-pw' }
  const registered = await ambassador.post('/api/ambassador/register', {
    first_name: 'Ada',
    last_name: 'Seller',
    ...credentials,
    password_confirm: credentials.password,
  })
  expect(registered.status).toBe(201)
  expect((await ambassador.post('/api/ambassador/login', credentials)).status).toBe(200)
  const products: string[] = []
  for (const [title, price] of [
    ['Tea', 19.99],
    ['Mug', 13.33],
    ['Spoon', 7.5],
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
  return { code: link.body.code, products }
}

/** A customer orders through the link and pays with the test card; answers the order as checkout shows it. */
async function paidOrder(quantities: number[]): Promise<OrderDetail> {
  const shopper = testClient(platform.app)
  const lines = seller.products.map((product_id, i) => ({ product_id, quantity: quantities[i] ?? 0 }))
  const session = await shopper.post<{ id: string; url: string }>(
    '/api/checkout/orders',
    customerOrder(seller.code, lines),
  )
  expect(session.status).toBe(201)
  expect((await shopper.post(new URL(session.body.url).pathname, { card_number: '4242424242424242' })).status).toBe(303)
  expect((await shopper.post('/api/checkout/orders/confirm', { source: session.body.id })).status).toBe(200)
  await platform.drain()
  const list = await admin.get<{ id: string }[]>('/api/admin/orders')
  const known = new Set(orders.map((o) => o.id))
  const id = list.body.find((o) => !known.has(o.id))?.id
  const detail = await admin.get<OrderDetail>(`/api/admin/orders/${id}`)
  expect(detail.status).toBe(200)
  return detail.body
}

beforeAll(async () => {
  platform = await startWholePlatform({}, { webApp: true })
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
  orders = []
  seller = await ambassadorWithLink()
  // Browsers open the link's page four times (4 clicks); a crawler's visit is not a click.
  for (const userAgent of [BROWSER, BROWSER, BROWSER, BROWSER, GOOGLEBOT]) {
    const opened = await testClient(platform.app).request('GET', `/c/${seller.code}`, undefined, {
      'user-agent': userAgent,
    })
    expect(opened.status).toBeLessThan(500)
  }
  orders.push(await paidOrder([1, 3, 2]))
  orders.push(await paidOrder([2, 0, 1]))
  // One mug of the first order goes back.
  const [first] = orders
  const mug = first?.order_items.find((item) => item.quantity === 3)
  const refund = await admin.post(`/api/admin/orders/${first?.id}/refunds`, {
    items: [{ order_item_id: mug?.id, quantity: 1 }],
  })
  expect(refund.status).toBe(201)
  await platform.drain()
  orders = await Promise.all(orders.map(async (o) => (await admin.get<OrderDetail>(`/api/admin/orders/${o.id}`)).body))
})
afterAll(() => platform?.close())

describe('analytics of orders placed, paid and refunded through the platform', () => {
  it('counts the orders, what they paid, what went back and the commission left, as checkout has them', async () => {
    const report = await admin.get<RevenueReport>(`/api/analytics/revenue?${range()}`)
    expect(report.status).toBe(200)
    const paid = sum(orders.map((o) => cents(o.amount_paid)))
    const refunded = sum(orders.map((o) => cents(o.refunded)))
    expect(refunded).toBe(1333)
    const commission = sum(orders.map((o) => cents(o.ambassador_revenue)))
    const { totals } = report.body
    expect({
      orders: totals.orders,
      revenue: cents(totals.revenue),
      refunds: totals.refunds,
      refunded: cents(totals.refunded),
      net: cents(totals.net),
      commission: cents(totals.commission),
    }).toEqual({ orders: 2, revenue: paid, refunds: 1, refunded, net: paid - refunded, commission })
  })

  it('shows the link and its ambassador in the funnels with the same figures, from the clicks the link had', async () => {
    const report = await admin.get<FunnelReport>(`/api/analytics/funnels?${range()}`)
    expect(report.status).toBe(200)
    const commission = sum(orders.map((o) => cents(o.ambassador_revenue)))
    const link = report.body.links.find((l) => l.code === seller.code)
    // The clicks the ambassador service recorded, announced in batches once its recorder wrote them.
    expect(link).toMatchObject({
      ambassador: 'Ada Seller',
      clicks: 4,
      orders: 2,
      conversion_rate: 0.5,
      refunded: 13.33,
    })
    expect(cents(link?.revenue ?? 0)).toBe(sum(orders.map((o) => cents(o.amount_paid))))
    expect(cents(link?.commission ?? 0)).toBe(commission)
    expect(report.body.ambassadors).toEqual([
      expect.objectContaining({
        name: 'Ada Seller',
        email: 'ada@example.com',
        links: 1,
        clicks: 4,
        orders: 2,
        conversion_rate: 0.5,
      }),
    ])
  })

  it('counts the ambassador who registered, and keeps every event the platform published', async () => {
    const registered = await admin.get<RegistrationsReport>(`/api/analytics/users/registered?${range()}`)
    expect(sum(registered.body.buckets.map((b) => b.ambassador))).toBe(1)
    const events = async (type: string) =>
      (await admin.get<AnalyticsEventPage>(`/api/analytics/events?type=${type}&${range()}`)).body
    expect((await events('order.completed')).data.map((e) => e.key).sort()).toEqual(orders.map((o) => o.id).sort())
    expect((await events('order.refunded')).total).toBe(1)
    expect((await events('link.created')).total).toBe(1)
    expect((await events('product.created')).total).toBe(3)
    const health = await admin.get<AnalyticsHealth>('/api/analytics/health')
    const all = await admin.get<AnalyticsEventPage>('/api/analytics/events?per_page=1')
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({
      status: 'ok',
      checks: { database: { ok: true } },
      events_stored: all.body.total,
    })
    expect(health.body.last_event?.id).toEqual(expect.any(String))
  })
})
