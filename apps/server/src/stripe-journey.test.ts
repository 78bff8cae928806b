import { startFakeStripe } from '@ambassador/checkout/testing/fake-stripe'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWholePlatform, TEST_ADMIN } from './testing.ts'

const WEBHOOK_SECRET = 'whsec_journey_secret'
let stripe: Awaited<ReturnType<typeof startFakeStripe>>
let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  stripe = await startFakeStripe(WEBHOOK_SECRET)
  platform = await startWholePlatform({
    STRIPE_SECRET_KEY: 'sk_test_journey',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: stripe.url,
    CHECKOUT_URL: 'https://shop.example.com',
  })
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
})
afterAll(async () => {
  await platform?.close()
  await stripe?.close()
})

const webhook = (event: { payload: string; header: string }) =>
  testClient(platform.app).request('POST', '/api/checkout/webhooks/stripe', event.payload, {
    'content-type': 'application/json',
    'stripe-signature': event.header,
  })

describe('the journey with Stripe', () => {
  it('completes orders only through a verified webhook or a verified confirm, and everyone sees them', async () => {
    const product = await admin.post<{ id: string }>('/api/admin/products', {
      title: 'Compass',
      description: 'Brass',
      image: '',
      price: 24.5,
    })
    const ambassador = testClient(platform.app)
    const credentials = { email: 'ada@example.com', password: 'ambassador-pw' }
    await ambassador.post('/api/ambassador/register', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      ...credentials,
      password_confirm: credentials.password,
    })
    expect((await ambassador.post('/api/ambassador/login', credentials)).status).toBe(200)
    await platform.drain()
    const link = await ambassador.post<{ code: string }>('/api/ambassador/links', { products: [product.body.id] })
    const shopper = testClient(platform.app)
    const order = (quantity: number) =>
      shopper.post<{ id: string; url: string }>('/api/checkout/orders', {
        first_name: 'Charles',
        last_name: 'Babbage',
        email: 'charles@example.com',
        address: '1 Engine Way',
        country: 'UK',
        city: 'London',
        zip: 'NW1',
        code: link.body.code,
        products: [{ product_id: product.body.id, quantity }],
      })

    // The first order: paid at Stripe, completed by Stripe's signed notification.
    const first = await order(2)
    expect(first.status).toBe(201)
    expect(first.body.url).toBe(`https://checkout.stripe.com/c/pay/${first.body.id}`)
    const created = stripe.requests.find((r) => r.path === '/v1/checkout/sessions')
    expect(created?.body).toMatchObject({
      mode: 'payment',
      line_items: {
        '0': { price_data: { currency: 'usd', unit_amount: '2450', product_data: { name: 'Compass' } }, quantity: '2' },
      },
      customer_email: 'charles@example.com',
      success_url: 'https://shop.example.com/success?source={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://shop.example.com/error',
    })
    // Nothing completes an order but Stripe's word: not a confirm before paying, not a forged notification.
    expect((await shopper.post('/api/checkout/orders/confirm', { source: first.body.id })).status).toBe(400)
    stripe.pay(first.body.id)
    const forged = stripe.signedEvent('checkout.session.completed', stripe.session(first.body.id), {
      secret: 'whsec_guess',
    })
    expect((await webhook(forged)).status).toBe(400)
    await platform.drain()
    expect((await ambassador.get<{ count: number }[]>('/api/ambassador/stats')).body[0]?.count).toBe(0)
    expect(
      (await webhook(stripe.signedEvent('checkout.session.completed', stripe.session(first.body.id)))).status,
    ).toBe(200)

    // The second: paid, completed when the customer comes back and confirms (Stripe is asked, not believed blindly).
    const second = await order(1)
    stripe.pay(second.body.id)
    expect((await shopper.post('/api/checkout/orders/confirm', { source: second.body.id })).body).toEqual({
      message: 'success',
    })
    await platform.drain()

    expect(
      (await ambassador.get<{ code: string; count: number; revenue: number }[]>('/api/ambassador/stats')).body,
    ).toEqual([expect.objectContaining({ code: link.body.code, count: 2, revenue: 7.35 })])
    expect((await ambassador.get<{ revenue: number }>('/api/ambassador/user')).body.revenue).toBe(7.35)
    const orders = (await admin.get<{ amount_paid: number }[]>('/api/admin/orders')).body
    expect(orders.map((o) => o.amount_paid).sort()).toEqual([24.5, 49])
    const mail = (await admin.get<{ to: string; subject: string }[]>('/api/admin/emails')).body
    expect(mail.filter((m) => m.to === 'charles@example.com')).toHaveLength(2)
    // The embedded test provider is not there when Stripe takes the payments.
    expect((await shopper.get(`/api/checkout/test-provider/sessions/${first.body.id}`)).status).toBe(404)
  })
})
