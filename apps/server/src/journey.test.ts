import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN } from './testing.ts'

type Product = { id: string; title: string; price: number }
type OrderItem = { price: number; quantity: number; admin_revenue: number; ambassador_revenue: number }
type AdminOrder = { id: string; name: string; email: string; total: number; order_items: OrderItem[] }

let platform: TestPlatform
beforeAll(async () => {
  platform = await startWholePlatform()
})
afterAll(() => platform?.close())

const cents = (amount: number) => Math.round(amount * 100)

/** A client that checks every answer it gets: none may ever carry a password or a password hash. */
function client(): TestClient {
  const inner = testClient(platform.app)
  const request: TestClient['request'] = async <T>(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const response = await inner.request<T>(method, url, body, headers)
    expect(response.text, `${method} ${url}`).not.toMatch(/password|\$argon2/i)
    return response
  }
  return {
    ...inner,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  } as TestClient
}

async function loggedInAdmin() {
  const admin = client()
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
  return admin
}

async function newAmbassador(first: string, last: string) {
  const ambassador = client()
  const email = `${first.toLowerCase()}.${last.toLowerCase()}@example.com`
  const registered = await ambassador.post<{ id: string }>('/api/ambassador/register', {
    first_name: first,
    last_name: last,
    email,
    password: 'ambassador-pw',
    password_confirm: 'ambassador-pw',
  })
  expect(registered.status).toBe(201)
  expect((await ambassador.post('/api/ambassador/login', { email, password: 'ambassador-pw' })).status).toBe(200)
  return { ambassador, id: registered.body.id, email }
}

describe('the ambassador journey, through HTTP only', () => {
  it('admin lists products, an ambassador links them, a customer pays, and everyone sees exactly that order', async () => {
    const admin = await loggedInAdmin()
    const created: Product[] = []
    for (const [title, price] of [
      ['Mug', 12.5],
      ['Tee', '19.99'],
      ['Cap', 7.05],
    ] as const) {
      const response = await admin.post<Product>('/api/admin/products', {
        title,
        description: `A ${title}`,
        image: 'https://img/x.png',
        price,
      })
      expect(response.status).toBe(201)
      created.push(response.body)
    }
    const [mug, tee, cap] = created as [Product, Product, Product]

    const { ambassador, id: ambassadorId, email: ambassadorEmail } = await newAmbassador('Ada', 'Lovelace')
    await platform.drain()
    expect((await admin.get('/api/admin/ambassadors')).body).toContainEqual({
      id: ambassadorId,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: ambassadorEmail,
    })
    const link = await ambassador.post<{ code: string; products: Product[] }>('/api/ambassador/links', {
      products: [mug.id, tee.id, cap.id],
    })
    expect(link.status).toBe(201)
    expect(link.body.products.map((p) => p.id)).toEqual([mug.id, tee.id, cap.id])
    await platform.drain()

    const shopper = client()
    const page = await shopper.get<{ user: object; products: Product[] }>(`/api/checkout/links/${link.body.code}`)
    expect(page.status).toBe(200)
    expect(page.body.user).toEqual({ id: ambassadorId, first_name: 'Ada', last_name: 'Lovelace' })
    expect(page.text).not.toContain(ambassadorEmail)

    const session = await shopper.post<{ id: string; url: string }>(
      '/api/checkout/orders',
      customerOrder(link.body.code, [
        { product_id: mug.id, quantity: 2 },
        { product_id: tee.id, quantity: 3 },
        { product_id: cap.id, quantity: 0 },
      ]),
    )
    expect(session.status).toBe(201)
    const paid = await shopper.post(new URL(session.body.url).pathname, { card_number: '4242 4242 4242 4242' })
    expect(paid.status).toBe(303)
    expect(paid.headers.location).toBe(
      `${platform.contexts.get('checkout')?.config.checkoutUrl}/success?source=${session.body.id}`,
    )
    expect((await shopper.post('/api/checkout/orders/confirm', { source: session.body.id })).body).toEqual({
      message: 'success',
    })
    await platform.drain()

    // 2 × 12.50 + 3 × 19.99 = 84.97; commission 2.50 + 6.00 (5.997 rounds half up) = 8.50
    const total = 8497
    const commission = 250 + 600

    const stats = await ambassador.get<{ code: string; count: number; revenue: number }[]>('/api/ambassador/stats')
    expect(stats.body).toEqual([expect.objectContaining({ code: link.body.code, count: 1, revenue: 8.5 })])
    expect((await ambassador.get('/api/ambassador/user')).body).toMatchObject({ revenue: 8.5 })
    expect((await ambassador.get('/api/ambassador/rankings')).body).toEqual({ 'Ada Lovelace': 8.5 })

    const orders = await admin.get<AdminOrder[]>('/api/admin/orders')
    expect(orders.body).toHaveLength(1)
    const [order] = orders.body as [AdminOrder]
    expect(order).toMatchObject({
      name: 'Charles Babbage',
      email: 'charles@example.com',
      total: (total - commission) / 100,
    })
    expect(order.order_items).toHaveLength(2)
    const split = order.order_items.reduce(
      (sum, item) => sum + cents(item.admin_revenue) + cents(item.ambassador_revenue),
      0,
    )
    expect(split).toBe(total)
    expect(order.order_items.reduce((sum, item) => sum + cents(item.price) * item.quantity, 0)).toBe(total)

    const links = await admin.get<{ code: string; orders: AdminOrder[] }[]>(`/api/admin/users/${ambassadorId}/links`)
    expect(links.body).toHaveLength(1)
    expect(links.body[0]?.orders.map((o) => o.id)).toEqual([order.id])

    const emails = await admin.get<{ to: string; subject: string; status: string }[]>('/api/admin/emails')
    const about = emails.body.filter((e) => e.to !== ambassadorEmail || /earned/i.test(e.subject))
    expect(about.filter((e) => e.to === 'charles@example.com')).toHaveLength(1)
    expect(about.filter((e) => e.to === ambassadorEmail)).toHaveLength(1)
    expect(about.filter((e) => e.to === TEST_ADMIN.email)).toHaveLength(1)
    expect(emails.body.every((e) => e.status === 'sent')).toBe(true)
  })

  it('completes an order once when the payment is notified twice and confirmed twice', async () => {
    const admin = await loggedInAdmin()
    const product = (
      await admin.post<Product>('/api/admin/products', { title: 'Lamp', description: '', image: '', price: 40 })
    ).body
    const { ambassador, email } = await newAmbassador('Grace', 'Hopper')
    await platform.drain()
    const link = (await ambassador.post<{ code: string }>('/api/ambassador/links', { products: [product.id] })).body
    await platform.drain()
    const shopper = client()
    const session = (
      await shopper.post<{ id: string; url: string }>(
        '/api/checkout/orders',
        customerOrder(link.code, [{ product_id: product.id, quantity: 1 }]),
      )
    ).body
    const pay = () => shopper.post(new URL(session.url).pathname, { card_number: '4242424242424242' })
    const confirm = () => shopper.post('/api/checkout/orders/confirm', { source: session.id })
    const replies = await Promise.all([pay(), pay(), confirm(), confirm()])
    expect(replies.map((r) => r.status).sort()).toEqual(expect.arrayContaining([303]))
    expect((await confirm()).status).toBe(200)
    expect((await confirm()).status).toBe(200)
    await platform.drain()

    const stats = await ambassador.get<{ count: number; revenue: number }[]>('/api/ambassador/stats')
    expect(stats.body).toEqual([expect.objectContaining({ count: 1, revenue: 4 })])
    const orders = (await admin.get<AdminOrder[]>('/api/admin/orders')).body.filter(
      (o) => o.order_items[0]?.price === 40,
    )
    expect(orders).toHaveLength(1)
    const emails = (await admin.get<{ to: string; subject: string }[]>('/api/admin/emails')).body
    expect(emails.filter((e) => e.to === email && /earned/i.test(e.subject))).toHaveLength(1)
  })

  it('lets no area take a token after its user signed out', async () => {
    const { ambassador, email } = await newAmbassador('Dorothy', 'Vaughan')
    // A second copy of the session's token, as a stolen cookie or a Bearer client would hold it.
    const login = await platform.app.inject({
      method: 'POST',
      url: '/api/ambassador/login',
      payload: { email, password: 'ambassador-pw' },
    })
    const token = `jwt=${login.cookies.find((c) => c.name === 'jwt')?.value}`
    const asBefore = (url: string) => platform.app.inject({ url, headers: { cookie: token } })
    expect((await asBefore('/api/ambassador/stats')).statusCode).toBe(200)
    expect((await ambassador.post('/api/ambassador/logout')).status).toBe(200)
    for (const url of [
      '/api/ambassador/stats',
      '/api/ambassador/links',
      '/api/ambassador/user',
      '/api/ambassador/rankings',
    ]) {
      expect((await asBefore(url)).statusCode, url).toBe(401)
    }
  })

  it('opens a new link at checkout as soon as the ambassador has it', async () => {
    const admin = await loggedInAdmin()
    const { ambassador } = await newAmbassador('Mary', 'Jackson')
    const product = (
      await admin.post<Product>('/api/admin/products', { title: 'Yo-yo', description: 'Wooden', image: '', price: 4 })
    ).body
    await platform.drain()
    for (let i = 0; i < 5; i++) {
      const link = await ambassador.post<{ code: string }>('/api/ambassador/links', { products: [product.id] })
      expect(link.status).toBe(201)
      // No waiting: the shopper opens it the moment it is shared.
      const opened = await client().get<{ products: Product[] }>(`/api/checkout/links/${link.body.code}`)
      expect(opened.status).toBe(200)
      expect(opened.body.products.map((p) => p.id)).toEqual([product.id])
    }
  })

  it('shows product changes in the catalog, search and checkout link once they have gone through', async () => {
    const admin = await loggedInAdmin()
    const { ambassador } = await newAmbassador('Katherine', 'Johnson')
    const product = (
      await admin.post<Product>('/api/admin/products', { title: 'Kite', description: 'Red kite', image: '', price: 15 })
    ).body
    const frontend = () => ambassador.get<Product[]>('/api/ambassador/products/frontend')
    const backend = () => ambassador.get<{ data: Product[] }>('/api/ambassador/products/backend?s=kite')
    // Read first, so the caches hold the old catalog when it changes.
    await platform.drain()
    expect((await frontend()).body.some((p) => p.id === product.id)).toBe(true)
    const link = (await ambassador.post<{ code: string }>('/api/ambassador/links', { products: [product.id] })).body
    const checkout = () => client().get<{ products: Product[] }>(`/api/checkout/links/${link.code}`)
    expect((await checkout()).status).toBe(200)
    expect((await backend()).body.data.map((p) => p.title)).toEqual(['Kite'])

    expect((await admin.put(`/api/admin/products/${product.id}`, { title: 'Box Kite', price: 17.5 })).status).toBe(200)
    await platform.drain() // every event applied: what each area shows must be the change, not a cached answer
    const [f, b, c] = await Promise.all([frontend(), backend(), checkout()])
    for (const seen of [f.body.find((p) => p.id === product.id), b.body.data[0], c.body.products[0]]) {
      expect(seen).toMatchObject({ title: 'Box Kite', price: 17.5 })
    }

    expect((await admin.delete(`/api/admin/products/${product.id}`)).status).toBe(204)
    await platform.drain()
    const [f2, b2, c2] = await Promise.all([frontend(), backend(), checkout()])
    expect(f2.body.some((p) => p.id === product.id)).toBe(false)
    expect(b2.body.data).toEqual([])
    expect(c2.body.products).toEqual([])
  })
})
