import type { CommissionExplanation, CommissionRule, LedgerEntryPage } from '@ambassador/contracts/http'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startWholePlatform({ COMMISSION_RATE: '10' })
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
})
afterAll(() => platform?.close())

describe('a commission rule from the admin to the ambassador’s explanation', () => {
  it('freezes the product rule’s rate on a referred order, and the ambassador’s explain names it', async () => {
    const teapot = await admin.post<{ id: string }>('/api/admin/products', {
      title: 'Rule Teapot',
      description: 'A teapot',
      image: '',
      price: 40,
    })
    expect(teapot.status).toBe(201)
    const rule = await admin.post<CommissionRule>('/api/admin/commission-rules', {
      kind: 'product',
      product_id: teapot.body.id,
      label: 'Teapot launch',
      rate: 22.5,
    })
    expect(rule.status).toBe(201)

    const ambassador = testClient(platform.app)
    const credentials = { email: 'rhea@example.com', password: 'ambassador-pw' }
    const registered = await ambassador.post('/api/ambassador/register', {
      first_name: 'Rhea',
      last_name: 'Seller',
      ...credentials,
      password_confirm: credentials.password,
    })
    expect(registered.status).toBe(201)
    expect((await ambassador.post('/api/ambassador/login', credentials)).status).toBe(200)
    await platform.drain()
    const link = await ambassador.post<{ code: string }>('/api/ambassador/links', { products: [teapot.body.id] })
    expect(link.status).toBe(201)

    const shopper = testClient(platform.app)
    const session = await shopper.post<{ id: string; url: string }>(
      '/api/checkout/orders',
      customerOrder(link.body.code, [{ product_id: teapot.body.id, quantity: 2 }]),
    )
    expect(session.status).toBe(201)
    expect((await shopper.post(new URL(session.body.url).pathname, { card_number: '4242424242424242' })).status).toBe(
      303,
    )
    await platform.drain()

    // A change after the order does not reach the order's line.
    expect((await admin.put(`/api/admin/commission-rules/${rule.body.id}`, { rate: 1 })).status).toBe(200)
    await platform.drain()

    const entries = await ambassador.get<LedgerEntryPage>('/api/ambassador/ledger/entries')
    const accrual = entries.body.data.find((entry) => entry.kind === 'accrual')
    expect(accrual).toMatchObject({ rate_basis_points: 2250, pending: 18 })
    const explained = await ambassador.get<CommissionExplanation>(
      `/api/ambassador/commissions/${accrual?.order_item_id}/explain`,
    )
    expect(explained.status).toBe(200)
    expect(explained.body).toMatchObject({
      rate: 22.5,
      rule: { kind: 'product', id: rule.body.id, label: 'Teapot launch' },
      why: '22.5% — the rate set for this product (“Teapot launch”)',
      earned: 18,
      status: 'pending',
      detail: { line_paid_minor: 8000 },
    })
    const asAdmin = await admin.get<CommissionExplanation>(`/api/admin/commissions/${accrual?.order_item_id}/explain`)
    expect(asAdmin.status).toBe(200)
    expect(asAdmin.body.rule.kind).toBe('product')
  })
})
