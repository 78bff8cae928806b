import { randomUUID } from 'node:crypto'
import type { OrderDetail, TopUp, Wallet } from '@ambassador/contracts/http'
import { userData } from '@ambassador/kit/testing/events'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCheckoutService } from '../index.ts'
import { outbox } from '../schema.ts'
import { type FakeStripe, startFakeStripe } from '../testing/fake-stripe.ts'
import {
  checkoutDb,
  completedEvents,
  orderBody,
  orderOfSession,
  type SeededStore,
  seedStore,
} from '../testing/store.ts'
import { STRIPE_SIGNATURE_HEADER, STRIPE_WEBHOOK_PATH } from './stripe-provider.ts'

const WEBHOOK_SECRET = `whsec_${randomUUID().replaceAll('-', '')}`
const SHOP = 'https://shop.example.com'

let stripe: FakeStripe
let platform: TestPlatform
let store: SeededStore

beforeAll(async () => {
  stripe = await startFakeStripe(WEBHOOK_SECRET)
  platform = await startTestPlatform([createCheckoutService()], {
    CHECKOUT_URL: SHOP,
    STRIPE_SECRET_KEY: 'sk_test_ambassador',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: stripe.url,
  })
  store = await seedStore(platform, [
    { title: 'Tea & <Biscuits>', price_minor: 1999 },
    { title: 'Mug', price_minor: 1250 },
  ])
})
afterAll(async () => {
  await platform?.close()
  await stripe?.close()
})

type Session = { id: string; url: string }

async function placeOrder(quantities: [number, number] = [2, 1]): Promise<Session> {
  const [tea, mug] = store.products
  const response = await testClient(platform.app).post<Session>(
    '/api/checkout/orders',
    orderBody(store.link.code, [
      { product_id: tea?.id ?? '', quantity: quantities[0] },
      { product_id: mug?.id ?? '', quantity: quantities[1] },
    ]),
  )
  expect(response.status).toBe(201)
  return response.body
}

function sendWebhook(event: { payload: string; header: string }, header: string | undefined = event.header) {
  return testClient(platform.app).request<unknown>('POST', STRIPE_WEBHOOK_PATH, event.payload, {
    'content-type': 'application/json',
    ...(header !== undefined && { [STRIPE_SIGNATURE_HEADER]: header }),
  })
}

const completed = (session: Session) => stripe.signedEvent('checkout.session.completed', stripe.session(session.id))

async function refundedEvents(orderId: string) {
  return checkoutDb(platform)
    .select()
    .from(outbox)
    .where(and(eq(outbox.type, 'order.refunded'), eq(outbox.key, orderId)))
}

describe('Stripe Checkout', () => {
  it('creates a Checkout Session carrying the order: one priced line per order line, our order id, the customer and the return URLs', async () => {
    const session = await placeOrder([2, 1])
    const order = await orderOfSession(platform, session.id)
    const created = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')
    const request = created.find((r) => r.body.client_reference_id === order.id)
    expect(request?.body).toEqual({
      mode: 'payment',
      line_items: {
        '0': {
          price_data: { currency: 'usd', unit_amount: '1999', product_data: { name: 'Tea & <Biscuits>' } },
          quantity: '2',
        },
        '1': { price_data: { currency: 'usd', unit_amount: '1250', product_data: { name: 'Mug' } }, quantity: '1' },
      },
      client_reference_id: order.id,
      metadata: { order_id: order.id },
      payment_intent_data: { metadata: { order_id: order.id } },
      customer_email: 'charles@example.com',
      success_url: `${SHOP}/success?source={CHECKOUT_SESSION_ID}`,
      cancel_url: `${SHOP}/error`,
    })
    expect(request?.headers['idempotency-key']).toBe(`checkout-session-${order.id}`)
    expect(request?.headers.authorization).toBe('Bearer sk_test_ambassador')
    expect(session).toEqual({
      id: stripe.session(session.id).id,
      url: `https://checkout.stripe.com/c/pay/${session.id}`,
    })
    expect(order.totalMinor).toBe(2 * 1999 + 1250)
  })

  it('completes the order on a correctly signed checkout.session.completed for a paid session, keeping the card’s fingerprint', async () => {
    const session = await placeOrder()
    stripe.pay(session.id, 'fp_Lantern42')
    const response = await sendWebhook(completed(session))
    expect(response.status).toBe(200)
    const order = await orderOfSession(platform, session.id)
    expect(order).toMatchObject({
      status: 'completed',
      paymentId: stripe.session(session.id).payment_intent,
      paymentFingerprint: 'fp_Lantern42',
    })
    const retrieve = stripe.requests.find(
      (r) => r.method === 'GET' && r.path.startsWith(`/v1/checkout/sessions/${session.id}`),
    )
    expect(decodeURIComponent(retrieve?.path ?? '')).toContain('expand[0]=payment_intent.latest_charge')
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })

  it.each([
    [
      'a signature made with another secret',
      (e: { payload: string; header: string }) => ({ ...e, header: e.header.replace(/v1=[0-9a-f]+/, 'v1=0000') }),
    ],
    [
      'a body changed after signing',
      (e: { payload: string; header: string }) => ({ ...e, payload: e.payload.replace('"paid"', '"paid" ') }),
    ],
    ['no Stripe-Signature header', (e: { payload: string; header: string }) => ({ ...e, header: '' })],
  ])('refuses a webhook with %s, and changes nothing', async (_name, tamper) => {
    const session = await placeOrder()
    stripe.pay(session.id)
    const response = await sendWebhook(tamper(completed(session)))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, code: expect.stringMatching(/^webhook_signature_/) })
    expect((await orderOfSession(platform, session.id)).status).toBe('pending')
  })

  it('refuses a webhook signed more than five minutes ago, and changes nothing', async () => {
    const session = await placeOrder()
    stripe.pay(session.id)
    const stale = stripe.signedEvent('checkout.session.completed', stripe.session(session.id), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    })
    const response = await sendWebhook(stale)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ message: expect.stringContaining('Timestamp outside the tolerance zone') })
    expect((await orderOfSession(platform, session.id)).status).toBe('pending')
  })

  it('completes an order once when the same event arrives five times at once', async () => {
    const session = await placeOrder()
    stripe.pay(session.id)
    const event = completed(session)
    const responses = await Promise.all(Array.from({ length: 5 }, () => sendWebhook(event)))
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    const order = await orderOfSession(platform, session.id)
    expect(order.status).toBe('completed')
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })

  it('leaves the order pending on checkout.session.completed while a delayed payment is still unpaid, and completes it on async_payment_succeeded', async () => {
    const session = await placeOrder()
    Object.assign(stripe.session(session.id), { status: 'complete', payment_status: 'unpaid' })
    expect((await sendWebhook(completed(session))).status).toBe(200)
    expect((await orderOfSession(platform, session.id)).status).toBe('pending')
    stripe.pay(session.id)
    const succeeded = stripe.signedEvent('checkout.session.async_payment_succeeded', stripe.session(session.id))
    expect((await sendWebhook(succeeded)).status).toBe(200)
    expect((await orderOfSession(platform, session.id)).status).toBe('completed')
  })

  it('marks the order expired on checkout.session.expired, and still completes it when the payment arrives after', async () => {
    const session = await placeOrder()
    stripe.expire(session.id)
    const expired = stripe.signedEvent('checkout.session.expired', stripe.session(session.id))
    expect((await sendWebhook(expired)).status).toBe(200)
    expect((await orderOfSession(platform, session.id)).status).toBe('expired')
    stripe.pay(session.id)
    expect((await sendWebhook(completed(session))).status).toBe(200)
    const order = await orderOfSession(platform, session.id)
    expect(order.status).toBe('completed')
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })

  it('keeps a completed order completed when checkout.session.expired arrives after (out of order)', async () => {
    const session = await placeOrder()
    stripe.pay(session.id)
    const late = stripe.signedEvent('checkout.session.expired', { ...stripe.session(session.id), status: 'expired' })
    expect((await sendWebhook(completed(session))).status).toBe(200)
    expect((await sendWebhook(late)).status).toBe(200)
    expect((await orderOfSession(platform, session.id)).status).toBe('completed')
  })

  it('answers 200 to an event type it does not act on, and logs it as ignored', async () => {
    const response = await sendWebhook(stripe.signedEvent('customer.created', { id: 'cus_123', object: 'customer' }))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ received: true })
  })

  it('refuses to confirm a session Stripe says is unpaid, and completes it at confirm once Stripe says paid', async () => {
    const session = await placeOrder()
    const client = testClient(platform.app)
    const unpaid = await client.post('/api/checkout/orders/confirm', { source: session.id })
    expect(unpaid.status).toBe(400)
    expect(unpaid.body).toMatchObject({ code: 'payment_incomplete' })
    stripe.pay(session.id)
    expect((await client.post('/api/checkout/orders/confirm', { source: session.id })).status).toBe(200)
    expect((await orderOfSession(platform, session.id)).status).toBe('completed')
  })

  it('asks Stripe at confirm only about ids shaped like Checkout Session ids', async () => {
    const before = stripe.requests.length
    const client = testClient(platform.app)
    for (const source of ['nonsense', "cs_test_' OR 1=1", '../v1/refunds', 'pi_123456789012']) {
      expect((await client.post('/api/checkout/orders/confirm', { source })).status).toBe(404)
    }
    expect(stripe.requests.length).toBe(before)
  })

  it('answers 503 when Stripe cannot open a session, and the order can be placed again', async () => {
    stripe.failNext(3, 500)
    const [tea] = store.products
    const failed = await testClient(platform.app).post(
      '/api/checkout/orders',
      orderBody(store.link.code, [{ product_id: tea?.id ?? '', quantity: 1 }]),
    )
    expect(failed.status).toBe(503)
    await placeOrder()
  })
})

describe('refunds through Stripe', () => {
  async function paidOrder(quantities: [number, number] = [2, 1]) {
    const session = await placeOrder(quantities)
    stripe.pay(session.id)
    expect((await sendWebhook(completed(session))).status).toBe(200)
    return { session, order: await orderOfSession(platform, session.id) }
  }

  it('refunds some units of a line through Stripe, reverses that line’s commission, and shows it with the transaction log', async () => {
    const { session, order } = await paidOrder([2, 1])
    const admin = await platform.signIn(userData({ role: 'admin' }))
    const detail = await admin.get<OrderDetail>(`/api/admin/orders/${order.id}`)
    const tea = detail.body.order_items.find((item) => item.price === 19.99)
    const refunded = await admin.post<OrderDetail>(`/api/admin/orders/${order.id}/refunds`, {
      items: [{ order_item_id: tea?.id, quantity: 1 }],
    })
    expect(refunded.status).toBe(201)
    const call = stripe.requests.find(
      (r) => r.path === '/v1/refunds' && r.method === 'POST' && r.body.payment_intent === order.paymentId,
    )
    expect(call?.body).toMatchObject({ payment_intent: stripe.session(session.id).payment_intent, amount: '1999' })
    expect(refunded.body.refunded).toBe(19.99)
    expect(refunded.body.refunds).toEqual([
      expect.objectContaining({ status: 'succeeded', amount: 19.99, ambassador_revenue: 2 }),
    ])
    expect(refunded.body.payment_events.map((e) => `${e.direction} ${e.action} ${e.outcome}`)).toEqual(
      expect.arrayContaining([
        'call checkout.sessions.create ok',
        'webhook checkout.session.completed ok',
        'call refunds.create ok',
      ]),
    )
    expect(await refundedEvents(order.id)).toHaveLength(1)
  })

  it('applies a refund made in Stripe’s dashboard once, however often its events arrive', async () => {
    const { order } = await paidOrder([1, 1])
    const refund = stripe.refundInDashboard(order.paymentId ?? '', 1000)
    const created = stripe.signedEvent('refund.created', refund)
    const charge = stripe.signedEvent('charge.refunded', {
      id: 'ch_1',
      object: 'charge',
      payment_intent: order.paymentId,
      amount_refunded: 1000,
    })
    for (const event of [created, charge, created, charge]) expect((await sendWebhook(event)).status).toBe(200)
    const events = await refundedEvents(order.id)
    expect(events).toHaveLength(1)
    expect(events[0]?.data).toMatchObject({ amount_minor: 1000, order_id: order.id })
    const admin = await platform.signIn(userData({ role: 'admin' }))
    const detail = await admin.get<OrderDetail>(`/api/admin/orders/${order.id}`)
    expect(detail.body.refunded).toBe(10)
    expect(detail.body.refunds).toEqual([
      expect.objectContaining({ requested_by: null, provider_refund_id: refund.id }),
    ])
  })

  it('takes back the store credit of a top-up refunded in Stripe’s dashboard, once however often its events arrive', async () => {
    const shopper = await platform.signIn(userData({ role: 'shopper' }))
    const started = await shopper.post<TopUp>('/api/store/wallet/top-ups', { amount: 30 })
    expect(started.status).toBe(201)
    const sessionId = new URL(started.body.url ?? '').pathname.split('/').pop() ?? ''
    stripe.pay(sessionId)
    expect((await sendWebhook(completed({ id: sessionId, url: '' }))).status).toBe(200)
    expect((await shopper.get<Wallet>('/api/store/wallet')).body.balance).toBe(30)
    const paymentIntent = String(stripe.session(sessionId).payment_intent)
    const refund = stripe.refundInDashboard(paymentIntent, 1200)
    const created = stripe.signedEvent('refund.created', refund)
    const charge = stripe.signedEvent('charge.refunded', {
      id: 'ch_2',
      object: 'charge',
      payment_intent: paymentIntent,
    })
    for (const event of [created, charge, created]) expect((await sendWebhook(event)).status).toBe(200)
    const wallet = (await shopper.get<Wallet>('/api/store/wallet')).body
    expect(wallet.balance).toBe(18)
    expect(wallet.entries.map((e) => [e.kind, e.amount, e.reason])).toEqual([
      ['debit', -12, 'Top-up refunded to your card'],
      ['top_up', 30, 'Paid by card'],
    ])
  })

  it('does not apply our own refund twice when Stripe’s notification of it arrives', async () => {
    const { order } = await paidOrder([1, 1])
    const admin = await platform.signIn(userData({ role: 'admin' }))
    expect((await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: 5 })).status).toBe(201)
    const ours = stripe.refunds.find((r) => r.payment_intent === order.paymentId)
    expect((await sendWebhook(stripe.signedEvent('refund.created', ours))).status).toBe(200)
    expect((await sendWebhook(stripe.signedEvent('refund.updated', ours))).status).toBe(200)
    expect(await refundedEvents(order.id)).toHaveLength(1)
  })

  it('answers 400 and holds nothing back when Stripe refuses the refund', async () => {
    const { order } = await paidOrder([1, 1])
    stripe.refundInDashboard(order.paymentId ?? '', 3000) // Stripe has refunded more than we know of
    const admin = await platform.signIn(userData({ role: 'admin' }))
    const refused = await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: 5 })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ code: 'refund_refused' })
    const detail = await admin.get<OrderDetail>(`/api/admin/orders/${order.id}`)
    expect(detail.body.refunds).toEqual([expect.objectContaining({ status: 'failed' })])
    expect(detail.body.order_items.every((item) => item.refunded === 0)).toBe(true)
  })
})
