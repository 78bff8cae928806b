import { userData } from '@ambassador/kit/testing/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from './index.ts'
import { reconcileOrders } from './orders.ts'
import { outbox, testPaymentSessions } from './schema.ts'
import { checkoutDb, orderBody, orderOfSession, payWithCard, type SeededStore, seedStore } from './testing/store.ts'

/** The service's clock, moved by hand: unpaid orders expire without waiting. */
let now = Date.now()
let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startTestPlatform(
    [checkoutService],
    { ORDER_TTL_MINUTES: '60', CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000' },
    { clock: { now: () => new Date(now) } },
  )
  admin = await platform.signIn(userData({ role: 'admin' }))
})
afterAll(() => platform?.close())

type Stock = { tracked: boolean; on_hand: number | null; reserved: number; available: number | null }

async function lampWithStock(onHand: number | null): Promise<SeededStore> {
  const store = await seedStore(platform, [{ title: 'Lamp', price_minor: 2500 }])
  const set = await admin.put<Stock>(`/api/admin/products/${store.products[0]?.id}/stock`, { on_hand: onHand })
  expect(set.status).toBe(200)
  return store
}

const order = (store: SeededStore, quantity = 1) =>
  testClient(platform.app).post<{ id: string; url: string; code?: string }>(
    '/api/checkout/orders',
    orderBody(store.link.code, [{ product_id: store.products[0]?.id ?? '', quantity }]),
  )

const stock = async (store: SeededStore) =>
  (await admin.get<(Stock & { product_id: string })[]>('/api/admin/inventory')).body.find(
    (s) => s.product_id === store.products[0]?.id,
  )

async function stockNews(productId: string) {
  const rows = await checkoutDb(platform)
    .select()
    .from(outbox)
    .where(and(eq(outbox.type, 'inventory.changed'), eq(outbox.key, productId)))
    .orderBy(asc(outbox.position))
  return rows.map((row) => row.data as { in_stock: boolean; available: number | null })
}

describe('stock', () => {
  it('lets exactly 3 of 50 shoppers racing for the last 3 units place an order; the others get 409 out of stock', async () => {
    const store = await lampWithStock(3)
    const replies = await Promise.all(Array.from({ length: 50 }, () => order(store)))
    const statuses = replies.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(3)
    expect(statuses.filter((s) => s === 409)).toHaveLength(47)
    expect(replies.find((r) => r.status === 409)?.body).toMatchObject({
      code: 'out_of_stock',
      message: 'Lamp is out of stock',
    })
    expect(await stock(store)).toMatchObject({ on_hand: 3, reserved: 3, available: 0 })
    // The shop hears the lamp is gone.
    expect((await stockNews(store.products[0]?.id ?? '')).at(-1)).toEqual({
      product_id: store.products[0]?.id,
      in_stock: false,
      available: 0,
    })
  })

  it('refuses more units than are left, naming how many are', async () => {
    const store = await lampWithStock(2)
    const tooMany = await order(store, 3)
    expect(tooMany.status).toBe(409)
    expect(tooMany.body).toMatchObject({ message: 'Only 2 of Lamp left' })
    expect(await stock(store)).toMatchObject({ reserved: 0, available: 2 })
  })

  it('takes paid units off the shelf, and gives back what an unpaid order held when it expires', async () => {
    const store = await lampWithStock(5)
    const paid = (await order(store, 2)).body
    const unpaid = (await order(store, 1)).body
    expect(await stock(store)).toMatchObject({ on_hand: 5, reserved: 3, available: 2 })
    expect((await payWithCard(platform, paid.url, '4242424242424242')).status).toBe(303)
    expect(await stock(store)).toMatchObject({ on_hand: 3, reserved: 1, available: 2 })
    now += 61 * 60_000 // past ORDER_TTL_MINUTES
    await reconcileOrders(platform.contexts.get('checkout') as Parameters<typeof reconcileOrders>[0])
    expect((await orderOfSession(platform, unpaid.id)).status).toBe('expired')
    expect(await stock(store)).toMatchObject({ on_hand: 3, reserved: 0, available: 3 })
  })

  it('takes the units of an expired order paid after all off the shelf, without touching what others hold', async () => {
    const store = await lampWithStock(5)
    const late = (await order(store, 2)).body
    const other = (await order(store, 1)).body
    now += 61 * 60_000
    await reconcileOrders(platform.contexts.get('checkout') as Parameters<typeof reconcileOrders>[0])
    expect(await stock(store)).toMatchObject({ on_hand: 5, reserved: 0 })
    // The money arrived anyway (the provider took it before it closed the page).
    await checkoutDb(platform)
      .update(testPaymentSessions)
      .set({ status: 'paid' })
      .where(eq(testPaymentSessions.id, late.id))
    const held = (await order(store, 1)).body
    expect((await testClient(platform.app).post('/api/checkout/orders/confirm', { source: late.id })).status).toBe(200)
    expect(await stock(store)).toMatchObject({ on_hand: 3, reserved: 1, available: 2 })
    expect((await orderOfSession(platform, other.id)).status).toBe('expired')
    expect((await orderOfSession(platform, held.id)).status).toBe('pending')
  })

  it('never runs out of a product whose stock is not tracked, and stops tracking when told to', async () => {
    const store = await lampWithStock(0)
    expect((await order(store)).status).toBe(409)
    const untracked = await admin.put<Stock>(`/api/admin/products/${store.products[0]?.id}/stock`, { on_hand: null })
    expect(untracked.body).toMatchObject({ tracked: false, on_hand: null, available: null })
    expect((await order(store, 50)).status).toBe(201)
    expect((await stockNews(store.products[0]?.id ?? '')).at(-1)).toMatchObject({ in_stock: true, available: null })
  })

  it('answers 404 for an unknown product and 400 for a negative count, and only to admins', async () => {
    expect(
      (await admin.put('/api/admin/products/0190d2a4-0000-7000-8000-000000000000/stock', { on_hand: 1 })).status,
    ).toBe(404)
    const store = await lampWithStock(1)
    const id = store.products[0]?.id
    expect((await admin.put(`/api/admin/products/${id}/stock`, { on_hand: -1 })).status).toBe(400)
    expect((await admin.put(`/api/admin/products/${id}/stock`, { on_hand: 1.5 })).status).toBe(400)
    expect((await testClient(platform.app).put(`/api/admin/products/${id}/stock`, { on_hand: 5 })).status).toBe(401)
  })
})
