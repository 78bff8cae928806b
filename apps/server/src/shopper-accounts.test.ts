import type { ShopperOrder } from '@ambassador/contracts/http'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient
let productId: string

beforeAll(async () => {
  platform = await startWholePlatform()
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
  productId = (
    await admin.post<{ id: string }>('/api/admin/products', {
      title: 'Linen Apron',
      description: 'For the kitchen',
      image: '',
      price: 28,
    })
  ).body.id
  await platform.drain()
})
afterAll(() => platform?.close())

/** A shopper who signed up and in at /api/store. */
async function shopper(email: string): Promise<TestClient> {
  const client = testClient(platform.app)
  const registered = await client.post('/api/store/register', {
    first_name: 'Grace',
    last_name: 'Hopper',
    email,
    password: 'shopper-password',
    password_confirm: 'shopper-password',
  })
  expect(registered.status).toBe(201)
  expect((await client.post('/api/store/login', { email, password: 'shopper-password' })).status).toBe(200)
  await platform.drain()
  return client
}

async function buy(client: TestClient, email: string) {
  await client.post('/api/store/cart/lines', { product_id: productId, quantity: 2 })
  const session = await client.post<{ id: string; url: string }>('/api/store/cart/checkout', {
    first_name: 'Grace',
    last_name: 'Hopper',
    email,
    address: '1 Harbour St',
    country: 'USA',
    city: 'Arlington',
    zip: '22201',
  })
  expect(session.status).toBe(201)
  expect((await client.post(new URL(session.body.url).pathname, { card_number: '4242 4242 4242 4242' })).status).toBe(
    303,
  )
  await client.post('/api/checkout/orders/confirm', { source: session.body.id })
  await platform.drain()
}

describe('shopper accounts', () => {
  it('sign up and in at /api/store, see their own paid orders with the steps, and download their invoice', async () => {
    const grace = await shopper('grace.shop@example.com')
    const me = await grace.get<{ email: string; role?: string }>('/api/store/user')
    expect(me.status).toBe(200)
    expect(me.body.email).toBe('grace.shop@example.com')
    await buy(grace, 'grace.shop@example.com')

    const list =
      await grace.get<{ id: string; stage: string; total: number; item_count: number; invoice_number: string }[]>(
        '/api/store/orders',
      )
    expect(list.status).toBe(200)
    expect(list.body).toEqual([
      expect.objectContaining({
        stage: 'paid',
        total: 56,
        item_count: 2,
        invoice_number: expect.stringMatching(/^INV-/),
      }),
    ])
    const id = list.body[0]?.id ?? ''
    const order = await grace.get<ShopperOrder>(`/api/store/orders/${id}`)
    expect(order.body).toMatchObject({
      stage: 'paid',
      lines: [{ title: 'Linen Apron', quantity: 2, price: 28, total: 56 }],
      shipping: { city: 'Arlington' },
    })
    expect(order.body.timeline.map((step) => step.stage)).toEqual(['placed', 'paid'])

    const invoice = await platform.app.inject({
      method: 'GET',
      url: `/api/store/orders/${id}/invoice`,
      headers: { cookie: grace.cookie ?? '' },
    })
    expect(invoice.statusCode).toBe(200)
    const parser = new PDFParse({ data: new Uint8Array(invoice.rawPayload) })
    const text = (await parser.getText()).text
    await parser.destroy()
    expect(text).toContain(`Invoice ${list.body[0]?.invoice_number}`)
    expect(text).toContain('Linen Apron')
    expect(text).toContain('56.00 USD')
  })

  it('never shows a shopper someone else’s order or invoice: the same 404 as an unknown one', async () => {
    const owner = await shopper('owner@example.com')
    await buy(owner, 'owner@example.com')
    const [own] = (await owner.get<{ id: string }[]>('/api/store/orders')).body
    const other = await shopper('other@example.com')
    expect((await other.get('/api/store/orders')).body).toEqual([])
    for (const path of [`/api/store/orders/${own?.id}`, `/api/store/orders/${own?.id}/invoice`]) {
      const response = await other.get<{ message: string }>(path)
      expect(response.status).toBe(404)
      expect(response.body.message).toBe('Order not found')
    }
    expect((await other.get(`/api/store/orders/${crypto.randomUUID()}`)).status).toBe(404)
  })

  it('keep the areas apart: a shopper token is no ambassador’s, and a guest sees no orders', async () => {
    const client = await shopper('areas@example.com')
    expect((await client.get('/api/ambassador/user')).status).toBe(403)
    expect((await testClient(platform.app).get('/api/store/orders')).status).toBe(401)
    const wrongArea = await testClient(platform.app).post('/api/ambassador/login', {
      email: 'areas@example.com',
      password: 'shopper-password',
    })
    expect(wrongArea.status).toBe(401)
  })
})
