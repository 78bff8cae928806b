import { randomUUID } from 'node:crypto'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCheckoutService } from './index.ts'
import { orderItems, orders, testPaymentSessions } from './schema.ts'
import {
  checkoutDb,
  completedEvents,
  orderBody,
  orderOfSession,
  payWithCard,
  type SeededStore,
  seedStore,
  sendTestWebhook,
} from './testing/store.ts'

const SECRET = `whsec_test_${randomUUID()}`
const SHOP = 'http://shop.example.com'
const PAY = 'http://pay.example.com'

let platform: TestPlatform
let store: SeededStore
let teapotId: string
let cupsId: string

beforeAll(async () => {
  platform = await startTestPlatform([createCheckoutService({ testWebhookSecret: SECRET })], {
    CHECKOUT_URL: SHOP,
    PUBLIC_URL: PAY,
  })
  store = await seedStore(platform, [
    { title: 'Teapot', price_minor: 1999 },
    { title: 'Cups', price_minor: 500 },
  ])
  teapotId = store.products[0]?.id ?? ''
  cupsId = store.products[1]?.id ?? ''
})
afterAll(() => platform?.close())

type Session = { id: string; url: string }

async function placeOrder(products: { product_id: string; quantity: number }[], overrides = {}): Promise<Session> {
  const response = await testClient(platform.app).post<Session>(
    '/api/checkout/orders',
    orderBody(store.link.code, products, overrides),
  )
  expect(response.status).toBe(201)
  return response.body
}

function confirm(source: string) {
  return testClient(platform.app).post('/api/checkout/orders/confirm', { source })
}

describe('placing an order', () => {
  it('prices the order from the catalog and splits each line between the store and the ambassador', async () => {
    const session = await placeOrder([
      { product_id: teapotId, quantity: 3 },
      { product_id: cupsId, quantity: 1 },
    ])
    expect(session).toEqual({
      id: expect.stringMatching(/^cs_test_[0-9a-f]+$/),
      url: `${PAY}/api/checkout/test-provider/sessions/${session.id}`,
    })
    const order = await orderOfSession(platform, session.id)
    expect(order).toMatchObject({
      status: 'pending',
      code: store.link.code,
      linkId: store.link.id,
      ambassadorId: store.ambassador.id,
      currency: 'USD',
      totalMinor: 6497,
      ambassadorRevenueMinor: 650,
      adminRevenueMinor: 5847,
    })
    const items = await checkoutDb(platform)
      .select()
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.id))
    expect(items).toMatchObject([
      {
        productId: teapotId,
        productTitle: 'Teapot',
        priceMinor: 1999,
        quantity: 3,
        ambassadorRevenueMinor: 600,
        adminRevenueMinor: 5397,
      },
      { productId: cupsId, priceMinor: 500, quantity: 1, ambassadorRevenueMinor: 50, adminRevenueMinor: 450 },
    ])
    for (const item of items) {
      expect(item.adminRevenueMinor + item.ambassadorRevenueMinor).toBe(item.priceMinor * item.quantity)
    }
  })

  it('merges repeated lines and drops lines with quantity 0', async () => {
    const session = await placeOrder([
      { product_id: teapotId, quantity: 1 },
      { product_id: cupsId, quantity: 0 },
      { product_id: teapotId, quantity: 2 },
    ])
    const order = await orderOfSession(platform, session.id)
    const items = await checkoutDb(platform).select().from(orderItems).where(eq(orderItems.orderId, order.id))
    expect(items).toMatchObject([{ productId: teapotId, quantity: 3 }])
    expect(order.totalMinor).toBe(5997)
  })

  it('ignores unknown fields such as a price, a status or an ambassador sent by the client', async () => {
    const response = await testClient(platform.app).post<Session>(
      '/api/checkout/orders',
      orderBody(
        store.link.code,
        [{ product_id: teapotId, quantity: 1, price: 0.01 } as { product_id: string; quantity: number }],
        {
          status: 'completed',
          total: 0,
          ambassador_id: randomUUID(),
          id: randomUUID(),
        },
      ),
    )
    expect(response.status).toBe(201)
    const order = await orderOfSession(platform, response.body.id)
    expect(order).toMatchObject({ status: 'pending', totalMinor: 1999, ambassadorId: store.ambassador.id })
  })

  const otherProduct = randomUUID()
  const badBodies: [string, (s: SeededStore) => unknown, RegExp][] = [
    ['an unknown link code', (s) => orderBody('no-such-code', lines(s, 1)), /no link with the code/],
    [
      'a product that is not in the link',
      (s) => orderBody(s.link.code, [{ product_id: otherProduct, quantity: 1 }]),
      new RegExp(`${otherProduct} is not part of this link`),
    ],
    ['a product id that is not a uuid', (s) => orderBody(s.link.code, [{ product_id: 'abc', quantity: 1 }]), /abc/],
    ['only quantities of 0', (s) => orderBody(s.link.code, lines(s, 0)), /Your order is empty/],
    ['a quantity of -1', (s) => orderBody(s.link.code, lines(s, -1)), /quantity/],
    ['a quantity of 1001', (s) => orderBody(s.link.code, lines(s, 1001)), /quantity/],
    ['a quantity of 1.5', (s) => orderBody(s.link.code, lines(s, 1.5)), /quantity/],
    ['a quantity given as the string "2"', (s) => orderBody(s.link.code, lines(s, '2')), /quantity/],
    [
      'repeated lines adding up to more than 1000',
      (s) => orderBody(s.link.code, [...lines(s, 600), ...lines(s, 600)]),
      /at most 1000/,
    ],
    ['no email', (s) => withoutField(orderBody(s.link.code, lines(s, 1)), 'email'), /email/],
    ['an invalid email', (s) => orderBody(s.link.code, lines(s, 1), { email: 'not-an-email' }), /email/],
    ['a 201-character address', (s) => orderBody(s.link.code, lines(s, 1), { address: 'a'.repeat(201) }), /address/],
    ['products that are not an array', (s) => orderBody(s.link.code, lines(s, 1), { products: {} }), /products/],
    ['an empty products list', (s) => orderBody(s.link.code, []), /products/],
    ['a malformed JSON body', () => '{"first_name": "Charles", ', /JSON/i],
    [
      'a name of only spaces',
      (s) => orderBody(s.link.code, lines(s, 1), { first_name: '   ' }),
      /first_name must not be blank/,
    ],
    [
      'an address of only spaces',
      (s) => orderBody(s.link.code, lines(s, 1), { address: ' ' }),
      /address must not be blank/,
    ],
  ]

  describe.each(badBodies)('an order with %s', (_name, makeBody, message) => {
    it('is refused with 400 and a message saying why, and nothing is ordered', async () => {
      const body = makeBody(store)
      const ordersBefore = await countOrders()
      const response = await testClient(platform.app).request(
        'POST',
        '/api/checkout/orders',
        body,
        typeof body === 'string' ? { 'content-type': 'application/json' } : {},
      )
      expect(response.status).toBe(400)
      expect(response.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(message),
      })
      expect(await countOrders()).toBe(ordersBefore)
    })
  })

  async function countOrders() {
    const db = platform.contexts.get('checkout')?.db
    if (!db) throw new Error('checkout is not running')
    return (await db.select().from(orders)).length
  }

  it('refuses a product the catalog removed after the link was made', async () => {
    const removable = await seedStore(platform, [{ title: 'Discontinued', price_minor: 1000 }])
    const [product] = removable.products
    if (!product) throw new Error('seeding failed')
    await platform.publish('product.deleted', product.id, { id: product.id })
    const response = await testClient(platform.app).post(
      '/api/checkout/orders',
      orderBody(removable.link.code, [{ product_id: product.id, quantity: 1 }]),
    )
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ message: `Product ${product.id} is no longer available` })
  })
})

describe('paying and confirming', () => {
  it('pays with a test card, sends the customer to the shop and completes the order once', async () => {
    const session = await placeOrder([{ product_id: teapotId, quantity: 3 }])
    const paid = await payWithCard(platform, session.url, '4242 4242 4242 4242')
    expect(paid.status).toBe(303)
    expect(paid.headers.location).toBe(`${SHOP}/success?source=${session.id}`)
    // The provider's webhook went through checkout's own route before the redirect: the order is complete already.
    expect((await orderOfSession(platform, session.id)).status).toBe('completed')

    const confirmed = await confirm(session.id)
    expect(confirmed.status).toBe(200)
    expect(confirmed.body).toEqual({ message: 'success' })

    const order = await orderOfSession(platform, session.id)
    expect(order.status).toBe('completed')
    expect(order.completedAt).not.toBeNull()
    const events = await completedEvents(platform, order.id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      id: order.id,
      link_id: store.link.id,
      code: store.link.code,
      ambassador_id: store.ambassador.id,
      first_name: 'Charles',
      last_name: 'Babbage',
      email: 'charles@example.com',
      currency: 'USD',
      total_minor: 5997,
      admin_revenue_minor: 5397,
      ambassador_revenue_minor: 600,
      items: [
        {
          product_id: teapotId,
          product_title: 'Teapot',
          price_minor: 1999,
          quantity: 3,
          admin_revenue_minor: 5397,
          ambassador_revenue_minor: 600,
          commission_rate_basis_points: 1000,
        },
      ],
    })
    await platform.drain()
  })

  it('completes once when confirm is repeated and the webhook is delivered again', async () => {
    const session = await placeOrder([{ product_id: cupsId, quantity: 2 }])
    expect((await payWithCard(platform, session.url, '4242424242424242')).status).toBe(303)
    expect((await confirm(session.id)).body).toEqual({ message: 'success' })
    expect((await confirm(session.id)).body).toEqual({ message: 'success' })
    for (let i = 0; i < 2; i++) {
      const webhook = await sendTestWebhook(platform, SECRET, session.id)
      expect(webhook.status).toBe(200)
      expect(webhook.body).toEqual({ received: true })
    }
    const order = await orderOfSession(platform, session.id)
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })

  it('completes once when the same payment notification arrives three times at once', async () => {
    const session = await placeOrder([{ product_id: teapotId, quantity: 1 }])
    await checkoutDb(platform)
      .update(testPaymentSessions)
      .set({ status: 'paid', paidAt: new Date().toISOString() })
      .where(eq(testPaymentSessions.id, session.id))
    const deliveries = await Promise.all([1, 2, 3].map(() => sendTestWebhook(platform, SECRET, session.id)))
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200])
    const order = await orderOfSession(platform, session.id)
    expect(order.status).toBe('completed')
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })

  it('completes once when three confirms race after the webhook was lost', async () => {
    const session = await placeOrder([{ product_id: teapotId, quantity: 1 }])
    // The provider took the money but its webhook never arrived: only the customer's confirm calls are left.
    await checkoutDb(platform)
      .update(testPaymentSessions)
      .set({ status: 'paid', paidAt: new Date().toISOString() })
      .where(eq(testPaymentSessions.id, session.id))
    const answers = await Promise.all([confirm(session.id), confirm(session.id), confirm(session.id)])
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    const order = await orderOfSession(platform, session.id)
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })

  it('completes an order from the confirm call first and ignores the webhook that follows', async () => {
    const session = await placeOrder([{ product_id: cupsId, quantity: 1 }])
    await checkoutDb(platform)
      .update(testPaymentSessions)
      .set({ status: 'paid', paidAt: new Date().toISOString() })
      .where(eq(testPaymentSessions.id, session.id))
    expect((await confirm(session.id)).status).toBe(200)
    expect((await sendTestWebhook(platform, SECRET, session.id)).status).toBe(200)
    const order = await orderOfSession(platform, session.id)
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })

  it('completes a paid order whose session id was never stored, trusting the provider to say which order it pays', async () => {
    const session = await placeOrder([{ product_id: teapotId, quantity: 1 }])
    const order = await orderOfSession(platform, session.id)
    // As if the database had failed right after the provider opened the session: the order does not know it.
    await checkoutDb(platform).update(orders).set({ paymentSessionId: null }).where(eq(orders.id, order.id))
    await checkoutDb(platform)
      .update(testPaymentSessions)
      .set({ status: 'paid', paidAt: new Date().toISOString() })
      .where(eq(testPaymentSessions.id, session.id))
    expect((await sendTestWebhook(platform, SECRET, session.id)).status).toBe(200)
    expect((await confirm(session.id)).status).toBe(200)
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
    expect((await orderOfSession(platform, session.id)).id).toBe(order.id)
  })

  it('refuses to confirm an order whose payment has not been made', async () => {
    const session = await placeOrder([{ product_id: teapotId, quantity: 1 }])
    const response = await confirm(session.id)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The payment has not been completed',
    })
    const order = await orderOfSession(platform, session.id)
    expect(order.status).toBe('pending')
    expect(await completedEvents(platform, order.id)).toHaveLength(0)
  })

  it('keeps an order pending after a declined card', async () => {
    const session = await placeOrder([{ product_id: teapotId, quantity: 1 }])
    const declined = await payWithCard(platform, session.url, '4000 0000 0000 0002')
    expect(declined.status).toBe(402)
    expect(declined.body).toMatchObject({
      statusCode: 402,
      error: 'Payment Required',
      message: 'Your card was declined.',
    })
    expect((await confirm(session.id)).status).toBe(400)
    expect((await orderOfSession(platform, session.id)).status).toBe('pending')
  })

  it.each(['cs_test_unknown', 'not a session at all'])(
    'answers 404 when confirming the unknown source %s',
    async (source) => {
      const response = await confirm(source)
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'Order not found' })
    },
  )

  it('refuses a webhook with a forged signature and leaves the order pending', async () => {
    const session = await placeOrder([{ product_id: teapotId, quantity: 1 }])
    await checkoutDb(platform)
      .update(testPaymentSessions)
      .set({ status: 'paid', paidAt: new Date().toISOString() })
      .where(eq(testPaymentSessions.id, session.id))
    const forged = await sendTestWebhook(platform, 'whsec_guessed', session.id)
    expect(forged.status).toBe(400)
    expect(forged.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Invalid webhook signature' })
    expect((await orderOfSession(platform, session.id)).status).toBe('pending')
  })

  it('keeps the price an order was placed at when the catalog price changes before payment', async () => {
    const session = await placeOrder([{ product_id: teapotId, quantity: 3 }])
    const teapot = store.products[0]
    if (!teapot) throw new Error('seeding failed')
    await platform.publish('product.updated', teapot.id, { ...teapot, price_minor: 2999 })
    try {
      const page = await testClient(platform.app).get(new URL(session.url).pathname)
      expect(page.text).toContain('$59.97')
      expect((await payWithCard(platform, session.url, '4242 4242 4242 4242')).status).toBe(303)
      expect((await confirm(session.id)).status).toBe(200)
      const order = await orderOfSession(platform, session.id)
      const [event] = await completedEvents(platform, order.id)
      expect(event).toMatchObject({ total_minor: 5997, items: [{ price_minor: 1999, quantity: 3 }] })
    } finally {
      await platform.publish('product.updated', teapot.id, teapot)
    }
  })
})

function lines(s: SeededStore, quantity: unknown) {
  return [{ product_id: s.products[0]?.id ?? '', quantity: quantity as number }]
}

function withoutField(body: Record<string, unknown>, field: string) {
  const { [field]: _, ...rest } = body
  return rest
}
