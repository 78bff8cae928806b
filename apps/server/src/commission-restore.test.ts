import { netCommissionByAmbassador, rebuildStatsFromLedger } from '@ambassador/ambassador'
import type { CommissionExplanation, LedgerBalances, OrderDetail } from '@ambassador/contracts/http'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient
let ada: TestClient
let code: string
let lanternId: string

beforeAll(async () => {
  platform = await startWholePlatform()
  admin = testClient(platform.app)
  await admin.post('/api/admin/login', TEST_ADMIN)
  lanternId = (
    await admin.post<{ id: string }>('/api/admin/products', {
      title: 'Lantern',
      description: 'Brass',
      image: '',
      price: 40,
    })
  ).body.id
  ada = testClient(platform.app)
  const credentials = { email: 'ada@example.com', password: 'ambassador-pw' }
  await ada.post('/api/ambassador/register', {
    first_name: 'Ada',
    last_name: 'Lovelace',
    ...credentials,
    password_confirm: credentials.password,
  })
  expect((await ada.post('/api/ambassador/login', credentials)).status).toBe(200)
  await platform.drain()
  code = (await ada.post<{ code: string }>('/api/ambassador/links', { products: [lanternId] })).body.code
  await platform.drain()
})
afterAll(() => platform?.close())

/** An order on Ada's link with her own email, paid: withheld as her own. */
async function ownOrder(): Promise<OrderDetail> {
  const shopper = testClient(platform.app)
  const body = { ...customerOrder(code, [{ product_id: lanternId, quantity: 1 }]), email: 'Ada@example.com' }
  const session = (await shopper.post<{ id: string; url: string }>('/api/checkout/orders', body)).body
  await shopper.post(new URL(session.url).pathname, { card_number: '4242424242424242' })
  await platform.drain()
  const orders = (await admin.get<{ id: string }[]>('/api/admin/orders')).body
  const detail = (await admin.get<OrderDetail>(`/api/admin/orders/${orders[0]?.id}`)).body
  expect(detail).toMatchObject({ commission_withheld: 'own_email', ambassador_revenue: 0 })
  return detail
}

describe('an admin overruling a withheld commission', () => {
  it('gives the ambassador the commission everywhere — revenue, stats, ledger, its why — and a rebuild agrees', async () => {
    const order = await ownOrder()
    expect((await ada.get<{ revenue: number }>('/api/ambassador/user')).body.revenue).toBe(0)
    const restored = await admin.post<OrderDetail>(`/api/admin/orders/${order.id}/commission/restore`, {
      reason: 'Her sister ordered with Ada’s address',
    })
    expect(restored.status, restored.text).toBe(200)
    expect(restored.body).toMatchObject({
      commission_withheld: 'own_email',
      commission_restored: { reason: 'Her sister ordered with Ada’s address' },
      ambassador_revenue: 4,
      total: 36,
    })
    await platform.drain()
    expect((await ada.get<{ revenue: number }>('/api/ambassador/user')).body.revenue).toBe(4)
    const stats = (await ada.get<{ code: string; revenue: number; count: number }[]>('/api/ambassador/stats')).body
    expect(stats.find((link) => link.code === code)).toMatchObject({ revenue: 4, count: 1 })
    expect((await ada.get<LedgerBalances>('/api/ambassador/ledger')).body).toMatchObject({ pending: 4 })
    const line = restored.body.order_items[0]?.id
    const why = (await ada.get<CommissionExplanation>(`/api/ambassador/commissions/${line}/explain`)).body
    expect(why.why).toBe(
      '10% — the store’s default rate (restored by the store: Her sister ordered with Ada’s address)',
    )
    expect(why.earned).toBe(4)
    const adminOrders = (await admin.get<{ id: string; ambassador_revenue?: number }[]>('/api/admin/orders')).body
    expect(adminOrders.find((o) => o.id === order.id)).toMatchObject({ ambassador_revenue: 4 })

    const ctx = platform.contexts.get('ambassador') as Parameters<typeof rebuildStatsFromLedger>[0]
    expect((await rebuildStatsFromLedger(ctx, { check: true })).changed).toEqual([])
    const [adaId] = [...(await netCommissionByAmbassador(ctx)).entries()].find(([, net]) => net === 400) ?? []
    expect(adaId).toBeDefined()

    const again = await admin.request<{ code: string }>('POST', `/api/admin/orders/${order.id}/commission/restore`, {
      reason: 'twice',
    })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('commission_not_withheld')
  })

  it('refuses an order money was refunded from, one that earned normally, a blank reason and an unknown order', async () => {
    const order = await ownOrder()
    expect((await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: 5 })).status).toBe(201)
    const refunded = await admin.request<{ code: string }>('POST', `/api/admin/orders/${order.id}/commission/restore`, {
      reason: 'Not her own after all',
    })
    expect([refunded.status, refunded.body.code]).toEqual([409, 'order_refunded'])
    const blank = await admin.request<{ code: string }>('POST', `/api/admin/orders/${order.id}/commission/restore`, {
      reason: '  ',
    })
    expect([blank.status, blank.body.code]).toEqual([400, 'invalid_reason'])
    const unknown = await admin.request(
      'POST',
      '/api/admin/orders/0190aaaa-0000-7000-8000-000000000000/commission/restore',
      {
        reason: 'No such order',
      },
    )
    expect(unknown.status).toBe(404)
    expect(
      (await ada.request('POST', `/api/admin/orders/${order.id}/commission/restore`, { reason: 'me' })).status,
    ).toBe(403)
  })
})
