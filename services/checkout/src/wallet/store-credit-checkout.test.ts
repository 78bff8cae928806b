import type { OrderRefundedData } from '@ambassador/contracts/events'
import type { Cart, OrderDetail, ShopperOrder, Wallet } from '@ambassador/contracts/http'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from '../index.ts'
import { reconcileOrders } from '../orders.ts'
import { outbox, testPaymentRefunds, testPaymentSessions } from '../schema.ts'
import {
  checkoutDb,
  completedEvents,
  orderBody,
  orderOfSession,
  payWithCard,
  type SeededStore,
  seedStore,
} from '../testing/store.ts'

let now = new Date('2026-06-01T10:00:00.000Z')
const clock = { now: () => new Date(now) }
let platform: TestPlatform
let admin: TestClient
let store: SeededStore

beforeAll(async () => {
  platform = await startTestPlatform([checkoutService], { CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000' }, { clock })
  admin = await platform.signIn(userData({ role: 'admin' }))
  store = await seedStore(platform, [
    { title: 'Teapot', price_minor: 2_000 },
    { title: 'Cups', price_minor: 500 },
  ])
})
afterAll(() => platform?.close())

const customer = {
  first_name: 'Grace',
  last_name: 'Hopper',
  email: 'grace@example.com',
  address: '1 Harbour St',
  country: 'USA',
  city: 'Arlington',
  zip: '22201',
}
type Session = { id: string; url: string }

/** A signed-in shopper holding `creditMinor` of store credit (an admin's deposit). */
async function shopperWithCredit(creditMinor: number) {
  const user = userData({ role: 'shopper' })
  const client = await platform.signIn(user)
  if (creditMinor > 0) {
    const deposit = await admin.post(`/api/admin/users/${user.id}/wallet/deposits`, {
      amount: creditMinor / 100,
      reason: 'Welcome credit',
    })
    expect(deposit.status).toBe(201)
  }
  return { user, client }
}

/** The shopper's cart with `teapots` teapots and `cups` cups, checked out. */
async function checkOut(client: TestClient, teapots: number, cups: number, useCredit = true) {
  if (teapots > 0)
    await client.post<Cart>('/api/store/cart/lines', { product_id: store.products[0]?.id, quantity: teapots })
  if (cups > 0) await client.post<Cart>('/api/store/cart/lines', { product_id: store.products[1]?.id, quantity: cups })
  return client.request<Session & { code: string }>('POST', '/api/store/cart/checkout', {
    ...customer,
    ...(useCredit && { use_store_credit: true }),
  })
}

async function balance(client: TestClient) {
  return (await client.get<Wallet>('/api/store/wallet')).body.balance
}

async function session(id: string) {
  const [row] = await checkoutDb(platform).select().from(testPaymentSessions).where(eq(testPaymentSessions.id, id))
  return row
}

describe('paying with store credit at checkout', () => {
  it('pays part of a cart with store credit and charges the rest through the provider', async () => {
    const { client } = await shopperWithCredit(1_500)
    const placed = await checkOut(client, 1, 1) // $25.00
    expect(placed.status).toBe(201)
    const order = await orderOfSession(platform, placed.body.id)
    expect(order).toMatchObject({ totalMinor: 2_500, storeCreditMinor: 1_500 })
    expect(await balance(client)).toBe(0)
    const charged = await session(placed.body.id)
    expect(charged?.amountMinor).toBe(1_000)
    const lineSum = (charged?.lineItems ?? []).reduce((sum, line) => sum + line.unitMinor * line.quantity, 0)
    expect(lineSum).toBe(1_000)
    expect((await payWithCard(platform, placed.body.url, '4242424242424242')).status).toBe(303)
    expect((await orderOfSession(platform, placed.body.id)).status).toBe('completed')
    // Commission and revenue are on what the order cost, however it was paid.
    const [completed] = await completedEvents(platform, order.id)
    expect(completed?.total_minor).toBe(2_500)
    const wallet = (await client.get<Wallet>('/api/store/wallet')).body
    expect(wallet.entries[0]).toMatchObject({ kind: 'spend', amount: -15, order_id: order.id })
  })

  it('completes at once, with no payment page, when the credit covers the whole order', async () => {
    const { client } = await shopperWithCredit(5_000)
    const placed = await checkOut(client, 2, 0) // $40.00
    expect(placed.status).toBe(201)
    expect(placed.body.id).toMatch(/^free_/)
    const order = await orderOfSession(platform, placed.body.id)
    expect(order).toMatchObject({ status: 'completed', storeCreditMinor: 4_000 })
    expect(await balance(client)).toBe(10)
  })

  it('gives the credit back when the order expires unpaid, and takes it again if it is paid after all', async () => {
    const { client } = await shopperWithCredit(1_000)
    const placed = await checkOut(client, 1, 0) // $20.00: $10 credit, $10 by card
    expect(await balance(client)).toBe(0)
    now = new Date(now.getTime() + 61 * 60_000) // past ORDER_TTL_MINUTES
    await reconcileOrders(platform.contexts.get('checkout') as Parameters<typeof reconcileOrders>[0])
    expect((await orderOfSession(platform, placed.body.id)).status).toBe('expired')
    expect(await balance(client)).toBe(10)
    // The money arrived anyway, a minute later: the order completes and spends its credit again.
    now = new Date(now.getTime() + 60_000)
    await checkoutDb(platform)
      .update(testPaymentSessions)
      .set({ status: 'paid' })
      .where(eq(testPaymentSessions.id, placed.body.id))
    const confirmed = await client.post('/api/checkout/orders/confirm', { source: placed.body.id })
    expect(confirmed.status).toBe(200)
    expect((await orderOfSession(platform, placed.body.id)).status).toBe('completed')
    expect(await balance(client)).toBe(0)
    const kinds = (await client.get<Wallet>('/api/store/wallet')).body.entries.map((e) => [e.kind, e.amount])
    expect(kinds).toEqual([
      ['spend', -10],
      ['release', 10],
      ['spend', -10],
      ['deposit', 10],
    ])
  })

  it('refunds through the provider what it charged first, then to store credit', async () => {
    const { client } = await shopperWithCredit(1_500)
    const placed = await checkOut(client, 1, 1) // $25.00: $15 credit, $10 by card
    await payWithCard(platform, placed.body.url, '4242424242424242')
    const order = await orderOfSession(platform, placed.body.id)
    const refund = (amount: number) => admin.post(`/api/admin/orders/${order.id}/refunds`, { amount })
    expect((await refund(8)).status).toBe(201) // all to the card
    expect(await balance(client)).toBe(0)
    expect((await refund(7)).status).toBe(201) // $2 to the card, $5 to store credit
    expect(await balance(client)).toBe(5)
    expect((await refund(10)).status).toBe(201) // the rest: store credit only, no provider call
    expect(await balance(client)).toBe(15)
    const announced = await checkoutDb(platform)
      .select({ data: outbox.data })
      .from(outbox)
      .where(and(eq(outbox.type, 'order.refunded'), eq(outbox.key, order.id)))
    expect(
      announced
        .map(({ data }) => data as OrderRefundedData)
        .map((data) => [data.amount_minor, data.store_credit_minor ?? 0])
        .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
    ).toEqual([
      [700, 500],
      [800, 0],
      [1_000, 1_000],
    ])
    const providerRefunds = await checkoutDb(platform)
      .select()
      .from(testPaymentRefunds)
      .where(eq(testPaymentRefunds.sessionId, placed.body.id))
    expect(providerRefunds.map((r) => r.amountMinor).sort((a, b) => a - b)).toEqual([200, 800])
    expect(await orderOfSession(platform, placed.body.id)).toMatchObject({
      refundedMinor: 2_500,
      storeCreditRefundedMinor: 1_500,
    })
    expect((await refund(0.01)).status).toBe(400)
  })

  it('pays with store credit on a link’s own checkout page too, and every view of the order shows the split', async () => {
    const { client } = await shopperWithCredit(1_200)
    const body = orderBody(store.link.code, [{ product_id: store.products[0]?.id ?? '', quantity: 1 }], {
      use_store_credit: true,
    })
    const placed = await client.request<Session>('POST', '/api/checkout/orders', body) // $20.00: $12 credit
    expect(placed.status).toBe(201)
    expect((await session(placed.body.id))?.amountMinor).toBe(800)
    await payWithCard(platform, placed.body.url, '4242424242424242')
    const order = await orderOfSession(platform, placed.body.id)
    expect(order).toMatchObject({ status: 'completed', storeCreditMinor: 1_200, ambassadorId: store.ambassador.id })
    const [completed] = await completedEvents(platform, order.id)
    expect(completed).toMatchObject({ total_minor: 2_000, store_credit_minor: 1_200 })
    expect((await admin.get<OrderDetail>(`/api/admin/orders/${order.id}`)).body).toMatchObject({
      amount_paid: 20,
      store_credit: 12,
      store_credit_refunded: 0,
    })
    expect((await client.get<ShopperOrder>(`/api/store/orders/${order.id}`)).body).toMatchObject({
      total: 20,
      store_credit: 12,
    })
    const guest = await testClient(platform.app).request<{ code: string }>('POST', '/api/checkout/orders', body)
    expect(guest.status).toBe(401)
    expect(guest.body.code).toBe('sign_in_required')
  })

  it('never spends the same credit twice when two orders race for it', async () => {
    const { client, user } = await shopperWithCredit(2_000)
    const second = await platform.signIn(user) // the same shopper on another device, with a cart of its own
    await client.post('/api/store/cart/lines', { product_id: store.products[0]?.id, quantity: 1 })
    await second.post('/api/store/cart/lines', { product_id: store.products[0]?.id, quantity: 1 })
    const both = await Promise.all(
      [client, second].map((c) =>
        c.request<Session>('POST', '/api/store/cart/checkout', { ...customer, use_store_credit: true }),
      ),
    )
    expect(both.map((b) => b.status)).toEqual([201, 201])
    const orders = await Promise.all(both.map((b) => orderOfSession(platform, b.body.id)))
    expect(orders.map((o) => o.storeCreditMinor).sort((a, b) => a - b)).toEqual([0, 2_000])
    expect(await balance(client)).toBe(0)
  })

  it('asks a guest to sign in to pay with store credit, and leaves an order without it alone', async () => {
    const guest = testClient(platform.app)
    const refused = await checkOut(guest, 1, 0)
    expect(refused.status).toBe(401)
    expect(refused.body.code).toBe('sign_in_required')
    const { client } = await shopperWithCredit(1_000)
    const placed = await checkOut(client, 1, 0, false)
    expect((await orderOfSession(platform, placed.body.id)).storeCreditMinor).toBe(0)
    expect(await balance(client)).toBe(10)
  })
})
