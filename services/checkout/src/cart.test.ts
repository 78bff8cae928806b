import { randomUUID } from 'node:crypto'
import type { ProductData } from '@ambassador/contracts/events'
import type { Cart, Coupon } from '@ambassador/contracts/http'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sweepAbandonedCarts } from './cart.ts'
import { checkoutService } from './index.ts'
import type { CheckoutContext } from './orders.ts'
import { cartLines, carts } from './schema.ts'
import {
  checkoutDb,
  completedEvents,
  orderOfSession,
  payWithCard,
  type SeededStore,
  seedStore,
} from './testing/store.ts'

let platform: TestPlatform
let admin: TestClient
let store: SeededStore

beforeAll(async () => {
  platform = await startTestPlatform([checkoutService], { CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000' })
  admin = await platform.signIn(userData({ role: 'admin' }))
  store = await seedStore(platform, [
    { title: 'Teapot', price_minor: 1999 },
    { title: 'Cups', price_minor: 500 },
    { title: 'Kettle', price_minor: 4500 },
  ])
})
afterAll(() => platform?.close())

const id = (i: number) => store.products[i]?.id ?? ''
const [TEAPOT, CUPS, KETTLE] = [0, 1, 2]
const shopper = () => testClient(platform.app)
const customer = {
  first_name: 'Grace',
  last_name: 'Hopper',
  email: 'grace@example.com',
  address: '1 Harbour St',
  country: 'USA',
  city: 'Arlington',
  zip: '22201',
}

async function add(client: TestClient, product: number, quantity: number) {
  const response = await client.post<Cart>('/api/store/cart/lines', { product_id: id(product), quantity })
  expect(response.status, response.text).toBe(200)
  return response.body
}

describe('the cart', () => {
  it('is empty for a shopper without one, and looking does not create one', async () => {
    const response = await shopper().get<Cart>('/api/store/cart')
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      lines: [],
      item_count: 0,
      subtotal: 0,
      total: 0,
      coupon: null,
      referral: null,
    })
    expect(response.headers['set-cookie']).toBeUndefined()
  })

  it('is kept by an httpOnly cookie and priced from the catalog, never from the client', async () => {
    const client = shopper()
    const first = await client.request<Cart>('POST', '/api/store/cart/lines', {
      product_id: id(TEAPOT),
      quantity: 2,
      price: 0.01,
    })
    expect(String(first.headers['set-cookie'])).toMatch(/^cart=[A-Za-z0-9_-]{32}; .*HttpOnly/i)
    await add(client, CUPS, 1)
    const cart = await add(client, TEAPOT, 1)
    expect(cart.lines.map((l) => [l.title, l.price, l.quantity, l.line_total, l.problem])).toEqual([
      ['Teapot', 19.99, 3, 59.97, null],
      ['Cups', 5, 1, 5, null],
    ])
    expect(cart).toMatchObject({ item_count: 4, subtotal: 64.97, discount: 0, total: 64.97, currency: 'USD' })
    // Another shopper's cart is their own.
    expect((await shopper().get<Cart>('/api/store/cart')).body.lines).toEqual([])
  })

  it('changes and removes lines', async () => {
    const client = shopper()
    await add(client, TEAPOT, 1)
    await add(client, CUPS, 1)
    const changed = await client.put<Cart>(`/api/store/cart/lines/${id(CUPS)}`, { quantity: 6 })
    expect(changed.body.lines.find((l) => l.title === 'Cups')?.quantity).toBe(6)
    const removed = await client.delete<Cart>(`/api/store/cart/lines/${id(TEAPOT)}`)
    expect(removed.body.lines.map((l) => l.title)).toEqual(['Cups'])
    expect((await client.put(`/api/store/cart/lines/${id(KETTLE)}`, { quantity: 1 })).status).toBe(404)
  })

  it('refuses bad quantities and unknown products with a clear 4xx', async () => {
    const client = shopper()
    for (const quantity of [0, -1, 1.5, 1001, '2']) {
      const response = await client.post<{ message: string }>('/api/store/cart/lines', {
        product_id: id(TEAPOT),
        quantity,
      })
      expect(response.status, String(quantity)).toBe(400)
    }
    await add(client, TEAPOT, 1000)
    const over = await client.post<{ code: string }>('/api/store/cart/lines', { product_id: id(TEAPOT), quantity: 1 })
    expect(over.status).toBe(400)
    expect(over.body.code).toBe('quantity_too_large')
    expect((await client.post('/api/store/cart/lines', { product_id: randomUUID(), quantity: 1 })).status).toBe(404)
    expect((await client.post('/api/store/cart/lines', { product_id: 'nope', quantity: 1 })).status).toBe(404)
  })

  it('flags lines whose product was deleted, made inactive or sold out — it never drops them — and will not check them out', async () => {
    const [gone, paused, scarce] = (
      await seedStore(platform, [
        { title: 'Gone', price_minor: 100 },
        { title: 'Paused', price_minor: 100 },
        { title: 'Scarce', price_minor: 100 },
      ])
    ).products as [ProductData, ProductData, ProductData]
    const client = shopper()
    for (const product of [gone, paused, scarce]) {
      await client.post('/api/store/cart/lines', { product_id: product.id, quantity: 2 })
    }
    await platform.publish('product.deleted', gone.id, { id: gone.id })
    await platform.publish('product.updated', paused.id, { ...paused, active: false })
    await admin.put(`/api/admin/products/${scarce.id}/stock`, { on_hand: 1 })

    const cart = (await client.get<Cart>('/api/store/cart')).body
    expect(cart.lines.map((l) => [l.title, l.problem, l.available])).toEqual([
      ['Gone', 'deleted', null],
      ['Paused', 'inactive', null],
      ['Scarce', 'short', 1],
    ])
    expect(cart.subtotal).toBe(0)
    const checkout = await client.post<{ code: string; message: string }>('/api/store/cart/checkout', customer)
    expect(checkout.status).toBe(409)
    expect(checkout.body).toMatchObject({ code: 'cart_needs_attention', message: expect.stringContaining('Gone') })
    // An inactive product cannot be added.
    const inactive = await client.post<{ code: string }>('/api/store/cart/lines', {
      product_id: paused?.id,
      quantity: 1,
    })
    expect(inactive.status).toBe(400)
  })

  it('takes a coupon that fits what is in it, and says why one does not', async () => {
    const client = shopper()
    const empty = await client.put<{ code: string }>('/api/store/cart/coupon', { code: 'ANY' })
    expect(empty.status).toBe(400)
    await add(client, KETTLE, 1)
    const coupon = (
      await admin.post<Coupon>('/api/admin/coupons', {
        code: `TEN${randomUUID().slice(0, 5)}`,
        kind: 'fixed',
        amount: 10,
      })
    ).body
    const applied = await client.put<Cart>('/api/store/cart/coupon', { code: coupon.code.toLowerCase() })
    expect(applied.status).toBe(200)
    expect(applied.body).toMatchObject({
      subtotal: 45,
      discount: 10,
      total: 35,
      coupon: { code: coupon.code, description: '$10.00 off', problem: null },
    })
    const unknown = await client.put<{ code: string; message: string }>('/api/store/cart/coupon', { code: 'NOPE' })
    expect(unknown.body).toMatchObject({ code: 'coupon_unknown', message: 'There is no coupon NOPE' })

    // A coupon that stops applying stays on the cart with the reason, and takes nothing off.
    await admin.request('PATCH', `/api/admin/coupons/${coupon.id}`, { active: false })
    const later = (await client.get<Cart>('/api/store/cart')).body
    expect(later).toMatchObject({
      discount: 0,
      total: 45,
      coupon: { problem: expect.stringMatching(/no longer valid/) },
    })
    expect((await client.delete<Cart>('/api/store/cart/coupon')).body.coupon).toBeNull()
  })
})

describe('checking out a cart', () => {
  it('with a referral: the ambassador earns on every line of the cart, the coupon discounts it, the cart empties once paid', async () => {
    const client = shopper()
    const referred = await client.put<Cart>('/api/store/cart/referral', { code: store.link.code })
    expect(referred.body.referral).toEqual({ code: store.link.code, ambassador: 'Ada Lovelace' })
    await add(client, TEAPOT, 1)
    await add(client, KETTLE, 2) // the kettle is not on the ambassador's link: the whole cart counts
    const code = `CART${randomUUID().slice(0, 5)}`
    await admin.post('/api/admin/coupons', { code, kind: 'percent', percent: 10 })
    await client.put('/api/store/cart/coupon', { code })

    const placed = await client.post<{ id: string; url: string }>('/api/store/cart/checkout', customer)
    expect(placed.status, placed.text).toBe(201)
    const order = await orderOfSession(platform, placed.body.id)
    // 19.99 + 90.00 = 109.99; 10% = 11.00 off → 98.99 paid; 10% commission per line on what was paid.
    expect(order).toMatchObject({
      linkId: store.link.id,
      ambassadorId: store.ambassador.id,
      code: store.link.code,
      totalMinor: 9899,
      discountMinor: 1100,
      ambassadorRevenueMinor: 990,
    })
    expect((await payWithCard(platform, placed.body.url, '4242424242424242')).status).toBe(303)
    const [completed] = await completedEvents(platform, order.id)
    expect(completed?.ambassador_id).toBe(store.ambassador.id)
    expect(completed?.items.every((item) => item.ambassador_revenue_minor > 0)).toBe(true)
    expect((await client.get<Cart>('/api/store/cart')).body.lines).toEqual([])
  })

  it('without a referral: nobody earns a commission', async () => {
    const client = shopper()
    await add(client, CUPS, 2)
    const placed = await client.post<{ id: string; url: string }>('/api/store/cart/checkout', customer)
    expect(placed.status).toBe(201)
    const order = await orderOfSession(platform, placed.body.id)
    expect(order).toMatchObject({
      linkId: null,
      ambassadorId: null,
      code: null,
      totalMinor: 1000,
      ambassadorRevenueMinor: 0,
    })
    expect((await payWithCard(platform, placed.body.url, '4242424242424242')).status).toBe(303)
    const [completed] = await completedEvents(platform, order.id)
    expect(completed).toMatchObject({ ambassador_id: null, link_id: null, ambassador_revenue_minor: 0 })
    const detail = await admin.get<{ code: string | null; ambassador_id: string | null }>(
      `/api/admin/orders/${order.id}`,
    )
    expect(detail.body).toMatchObject({ code: null, ambassador_id: null })
  })

  it('keeps the cart while the order waits for payment, and refuses an empty cart', async () => {
    const client = shopper()
    await add(client, CUPS, 1)
    const placed = await client.post<{ id: string }>('/api/store/cart/checkout', customer)
    expect(placed.status).toBe(201)
    const order = await orderOfSession(platform, placed.body.id)
    const lines = await checkoutDb(platform)
      .select()
      .from(cartLines)
      .where(eq(cartLines.cartId, order.cartId ?? ''))
    expect(lines).toHaveLength(1)
    const empty = await shopper().post<{ code: string }>('/api/store/cart/checkout', customer)
    expect(empty.status).toBe(400)
    expect(empty.body.code).toBe('cart_empty')
  })

  it('refuses a referral code no link has', async () => {
    const response = await shopper().put<{ code: string }>('/api/store/cart/referral', { code: 'NOSUCHLINK' })
    expect(response.status).toBe(400)
    expect(response.body.code).toBe('link_unknown')
  })
})

describe('abandoned carts', () => {
  it('are forgotten once untouched for longer than their cookie lives; a cart in use stays', async () => {
    const [lamp] = (await seedStore(platform, [{ title: 'Lonely Lamp', price_minor: 900 }])).products
    const [abandoned, inUse] = [shopper(), shopper()]
    await abandoned.post('/api/store/cart/lines', { product_id: lamp?.id, quantity: 1 })
    await add(inUse, CUPS, 1)
    const [line] = await checkoutDb(platform)
      .select()
      .from(cartLines)
      .where(eq(cartLines.productId, lamp?.id ?? ''))
    const cartId = line?.cartId ?? ''
    await checkoutDb(platform)
      .update(carts)
      .set({ updatedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() })
      .where(eq(carts.id, cartId))

    expect(await sweepAbandonedCarts(platform.contexts.get('checkout') as CheckoutContext)).toBeGreaterThanOrEqual(1)
    expect((await abandoned.get<Cart>('/api/store/cart')).body.lines).toEqual([])
    expect((await inUse.get<Cart>('/api/store/cart')).body.lines.map((l) => l.title)).toEqual(['Cups'])
  })
})
