import type { LedgerBalances, LedgerEntryPage, OrderDetail } from '@ambassador/contracts/http'
import { splitCommission } from '@ambassador/kit/money/money'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startWholePlatform({ COMMISSION_RATE: '12.5', COMMISSION_HOLD_DAYS: '30' })
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
})
afterAll(() => platform?.close())

const commission = (minor: number) => splitCommission(minor, 1250).ambassadorMinor

describe('the commission ledger, fed by checkout', () => {
  it('accrues a paid order’s lines at the frozen rate, reverses a refund from pending and keeps the delivery', async () => {
    const ambassador = testClient(platform.app)
    const credentials = { email: 'ledger@example.com', password: 'ambassador-pw' }
    await ambassador.post('/api/ambassador/register', {
      first_name: 'Lena',
      last_name: 'Ledger',
      ...credentials,
      password_confirm: credentials.password,
    })
    expect((await ambassador.post('/api/ambassador/login', credentials)).status).toBe(200)
    const products: string[] = []
    for (const [title, price] of [
      ['Ledger Tea', 19.99],
      ['Ledger Mug', 13.33],
    ] as const) {
      const created = await admin.post<{ id: string }>('/api/admin/products', {
        title,
        description: title,
        image: '',
        price,
      })
      products.push(created.body.id)
    }
    await platform.drain()
    const link = await ambassador.post<{ code: string; id: string }>('/api/ambassador/links', { products })
    const shopper = testClient(platform.app)
    const session = await shopper.post<{ id: string; url: string }>(
      '/api/checkout/orders',
      customerOrder(link.body.code, [
        { product_id: products[0] as string, quantity: 1 },
        { product_id: products[1] as string, quantity: 3 },
      ]),
    )
    expect(session.status).toBe(201)
    await shopper.post(new URL(session.body.url).pathname, { card_number: '4242424242424242' })
    expect((await shopper.post('/api/checkout/orders/confirm', { source: session.body.id })).status).toBe(200)
    await platform.drain()

    const earned = commission(1999) + commission(3 * 1333)
    const ledger = await ambassador.get<LedgerBalances>('/api/ambassador/ledger')
    expect(ledger.body).toEqual({
      currency: 'USD',
      pending: earned / 100,
      approved: 0,
      paid: 0,
      processing: 0,
      available: 0,
      payout_minimum: 50,
    })
    const stats = await ambassador.get<{ code: string; revenue: number }[]>('/api/ambassador/stats')
    expect(stats.body.find((s) => s.code === link.body.code)?.revenue).toBe(earned / 100)
    const accruals = await ambassador.get<LedgerEntryPage>('/api/ambassador/ledger/entries')
    expect(accruals.body.data.map((e) => [e.kind, e.rate_basis_points])).toEqual([
      ['accrual', 1250],
      ['accrual', 1250],
    ])

    const orders = await admin.get<{ id: string; code: string }[]>('/api/admin/orders')
    const orderId = orders.body.find((o) => o.code === link.body.code)?.id
    const order = (await admin.get<OrderDetail>(`/api/admin/orders/${orderId}`)).body
    const mugs = order.order_items.find((item) => item.quantity === 3)
    const refund = await admin.post(`/api/admin/orders/${orderId}/refunds`, {
      items: [{ order_item_id: mugs?.id, quantity: 1 }],
    })
    expect(refund.status).toBe(201)
    await platform.drain()
    const reversed = commission(3 * 1333) - commission(2 * 1333)
    expect((await ambassador.get<LedgerBalances>('/api/ambassador/ledger')).body).toMatchObject({
      pending: (earned - reversed) / 100,
      approved: 0,
    })
    const newest = (await ambassador.get<LedgerEntryPage>('/api/ambassador/ledger/entries')).body.data[0]
    expect(newest).toMatchObject({ kind: 'reversal', order_item_id: mugs?.id, pending: -reversed / 100, approved: 0 })

    expect((await admin.post(`/api/admin/orders/${orderId}/fulfil`)).status).toBe(200)
    const shipped = await admin.post(`/api/admin/orders/${orderId}/ship`, { carrier: 'DHL', tracking_number: 'L1' })
    expect(shipped.body).toMatchObject({ stage: 'shipped' })
    expect((await admin.post(`/api/admin/orders/${orderId}/deliver`)).status).toBe(200)
    await platform.drain()
    const deliveries = await platform.contexts
      .get('ambassador')
      ?.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM ambassador.ledger_deliveries WHERE order_id = ${orderId}`,
      )
    expect(deliveries?.rows[0]?.n).toBe(1)
  })
})
