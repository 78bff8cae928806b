import type { Cart, Category, Order, OrderDetail, StoreProductPage } from '@ambassador/contracts/http'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemoStore } from './seed.ts'
import { startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startWholePlatform()
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
})
afterAll(() => platform?.close())

describe('the shop catalog across services', () => {
  it('shows what the admin puts in a category, and hides it once the admin makes it inactive', async () => {
    const lamps = await admin.post<Category>('/api/admin/categories', { name: 'Lamps' })
    const lamp = await admin.post<{ id: string; slug: string }>('/api/admin/products', {
      title: 'Brass Desk Lamp',
      description: 'Warm light for late nights',
      image: 'https://img.example.com/lamp.webp',
      price: '49.90',
      category_ids: [lamps.body.id],
    })
    expect(lamp.status).toBe(201)
    await platform.drain()
    const shopper = testClient(platform.app)
    const found = await shopper.get<StoreProductPage>('/api/store/products?category=lamps&q=lamp')
    expect(found.body.data).toEqual([
      expect.objectContaining({ slug: 'brass-desk-lamp', price: 49.9, categories: [{ slug: 'lamps', name: 'Lamps' }] }),
    ])
    expect((await shopper.get(`/api/store/products/${lamp.body.slug}`)).status).toBe(200)

    await admin.put(`/api/admin/products/${lamp.body.id}`, { active: false })
    await platform.drain()
    expect((await shopper.get<StoreProductPage>('/api/store/products?q=lamp')).body.total).toBe(0)
    expect((await shopper.get(`/api/store/products/${lamp.body.slug}`)).status).toBe(404)
  })
})

describe('buying from the shop across services', () => {
  it('a shopper who came through a link pays a cart with a coupon: the admin sees the discounted order and the stock it took, the ambassador earns on every line', async () => {
    const product = async (title: string, price: number) => {
      const created = await admin.post<{ id: string; slug: string }>('/api/admin/products', {
        title,
        description: title,
        image: '',
        price,
      })
      expect(created.status).toBe(201)
      return created.body
    }
    const kettle = await product('Copper Kettle', 60)
    const tea = await product('Smoky Tea', 12.5)
    const cups = await product('Two Cups', 20)
    expect((await admin.put(`/api/admin/products/${kettle.id}/stock`, { on_hand: 5 })).status).toBe(200)
    expect((await admin.post('/api/admin/coupons', { code: 'TEATIME', kind: 'fixed', amount: 9.25 })).status).toBe(201)

    // Ada links only the tea; her shopper keeps shopping and buys from the whole catalog.
    const ada = testClient(platform.app)
    const credentials = { email: 'ada.shop@example.com', password: 'ambassador-pw' }
    await ada.post('/api/ambassador/register', {
      first_name: 'Ada',
      last_name: 'Shop',
      ...credentials,
      password_confirm: credentials.password,
    })
    await ada.post('/api/ambassador/login', credentials)
    await platform.drain()
    const link = await ada.post<{ code: string }>('/api/ambassador/links', { products: [tea.id] })
    expect(link.status).toBe(201)

    const shopper = testClient(platform.app)
    expect((await shopper.put<Cart>('/api/store/cart/referral', { code: link.body.code })).status).toBe(200)
    await shopper.post('/api/store/cart/lines', { product_id: kettle.id, quantity: 2 })
    await shopper.post('/api/store/cart/lines', { product_id: tea.id, quantity: 1 })
    await shopper.post('/api/store/cart/lines', { product_id: cups.id, quantity: 1 })
    const cart = await shopper.put<Cart>('/api/store/cart/coupon', { code: 'teatime' })
    expect(cart.body).toMatchObject({
      subtotal: 152.5,
      discount: 9.25,
      total: 143.25,
      referral: { ambassador: 'Ada Shop' },
    })

    const session = await shopper.post<{ id: string; url: string }>('/api/store/cart/checkout', {
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
      address: '1 Harbour St',
      country: 'USA',
      city: 'Arlington',
      zip: '22201',
    })
    expect(session.status, session.text).toBe(201)
    expect(
      (await shopper.post(new URL(session.body.url).pathname, { card_number: '4242 4242 4242 4242' })).status,
    ).toBe(303)
    await platform.drain()

    const listed = (await admin.get<Order[]>('/api/admin/orders')).body.find((o) => o.email === 'grace@example.com')
    expect(listed).toMatchObject({ code: link.body.code, amount_paid: 143.25, discount: 9.25, coupon_code: 'TEATIME' })
    const detail = (await admin.get<OrderDetail>(`/api/admin/orders/${listed?.id}`)).body
    expect(detail).toMatchObject({ subtotal: 152.5, discount: 9.25, amount_paid: 143.25, status: 'completed' })
    // Every line earns its 10% on what was paid for it.
    for (const line of detail.order_items) {
      const paid = line.price * line.quantity - line.discount
      expect(line.ambassador_revenue).toBe(Math.round(paid * 10) / 100)
      expect(line.ambassador_revenue).toBeGreaterThan(0)
    }
    const stock = (await admin.get<{ product_id: string; on_hand: number; reserved: number }[]>('/api/admin/inventory'))
      .body
    expect(stock.find((s) => s.product_id === kettle.id)).toMatchObject({ on_hand: 3, reserved: 0 })
    const stats = (await ada.get<{ code: string; count: number; revenue: number }[]>('/api/ambassador/stats')).body
    expect(stats).toEqual([
      expect.objectContaining({ code: link.body.code, count: 1, revenue: detail.ambassador_revenue }),
    ])
    expect(detail.ambassador_revenue).toBe(14.33)
    expect((await shopper.get<Cart>('/api/store/cart')).body.lines).toEqual([])
  })

  it('the demo store has a shop: categories, products in them, counted stock and a coupon', async () => {
    const demo = await startWholePlatform()
    try {
      const summary = await seedDemoStore(demo)
      expect(summary).toContain('WELCOME10')
      await demo.drain()
      const shopper = testClient(demo.app)
      const categories = (await shopper.get<{ slug: string; count: number }[]>('/api/store/categories')).body
      expect(categories.map((c) => c.slug).sort()).toEqual(['accessories', 'home', 'kitchen', 'outdoors'])
      const kitchen = (await shopper.get<StoreProductPage>('/api/store/products?category=kitchen')).body
      expect(kitchen.total).toBe(4)
      const page = (await shopper.get<StoreProductPage>('/api/store/products?q=skillet')).body
      expect(page.data[0]?.slug).toBe('cast-iron-skillet')
    } finally {
      await demo.close()
    }
  })
})
