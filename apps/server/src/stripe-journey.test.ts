import { startFakeStripe } from '@ambassador/checkout/testing/fake-stripe'
import { startSmtpServer, type TestSmtpServer } from '@ambassador/email/testing/smtp-server'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN } from './testing.ts'

const WEBHOOK_SECRET = 'whsec_journey_secret'
let stripe: Awaited<ReturnType<typeof startFakeStripe>>
let smtp: TestSmtpServer
let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  stripe = await startFakeStripe(WEBHOOK_SECRET)
  smtp = await startSmtpServer()
  platform = await startWholePlatform({
    SMTP_URL: smtp.url,
    ADMIN_NOTIFY_EMAILS: 'orders@example.com',
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
  await smtp?.close()
})

const webhook = (event: { payload: string; header: string }) =>
  testClient(platform.app).request('POST', '/api/checkout/webhooks/stripe', event.payload, {
    'content-type': 'application/json',
    'stripe-signature': event.header,
  })

describe('the journey with Stripe and SMTP', () => {
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
      shopper.post<{ id: string; url: string }>(
        '/api/checkout/orders',
        customerOrder(link.body.code, [{ product_id: product.body.id, quantity }]),
      )

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
    // A refund of the second order, so its mails are part of the journey too.
    const listed = (await admin.get<{ id: string; amount_paid: number }[]>('/api/admin/orders')).body
    const refunded = listed.find((o) => o.amount_paid === 24.5)
    expect((await admin.post(`/api/admin/orders/${refunded?.id}/refunds`, { amount: 24.5 })).status).toBe(201)
    const refund = stripe.refunds.find((r) => r.amount === 2450)
    expect(
      (
        await webhook(
          stripe.signedEvent('charge.refunded', {
            id: 'ch_1',
            object: 'charge',
            payment_intent: refund?.payment_intent,
          }),
        )
      ).status,
    ).toBe(200)
    await platform.drain()
    expect((await ambassador.get<{ revenue: number }>('/api/ambassador/user')).body.revenue).toBe(4.9)

    // Every mail of the journey reached the SMTP server, each exactly once.
    const log = (await admin.get<{ to: string; subject: string; status: string }[]>('/api/admin/emails')).body
    expect(log.every((m) => m.status === 'sent')).toBe(true)
    const delivered = smtp.kept.map((m) => `${m.envelopeTo.join(',')} ${m.mail.subject}`).sort()
    expect(delivered).toEqual(log.map((m) => `${m.to} ${m.subject}`).sort())
    expect(new Set(delivered).size).toBe(delivered.length)
    const kinds = (pattern: RegExp) => delivered.filter((line) => pattern.test(line)).length
    expect(kinds(/^ada@example\.com Welcome to Ambassador, Ada$/)).toBe(1)
    expect(kinds(/^charles@example\.com Your Ambassador order #\w+ is confirmed$/)).toBe(2)
    expect(kinds(/^ada@example\.com You earned /)).toBe(2)
    expect(kinds(/^(admin|orders)@example\.com New order: /)).toBe(4)
    expect(kinds(/^charles@example\.com Your Ambassador refund of \$24\.50 for order #/)).toBe(1)
    expect(kinds(/^ada@example\.com Commission reversed: \$2\.45 on link /)).toBe(1)
    expect(kinds(/^(admin|orders)@example\.com Refund issued: \$24\.50 on order #/)).toBe(2)
    expect(delivered).toHaveLength(13)
    // The embedded test provider is not there when Stripe takes the payments.
    expect((await shopper.get(`/api/checkout/test-provider/sessions/${first.body.id}`)).status).toBe(404)
  })
})
