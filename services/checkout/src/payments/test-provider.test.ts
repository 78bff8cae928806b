import { randomUUID } from 'node:crypto'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCheckoutService } from '../index.ts'
import {
  completedEvents,
  orderBody,
  orderOfSession,
  payWithCard,
  type SeededStore,
  seedStore,
  sendTestWebhook,
} from '../testing/store.ts'
import { isTestSessionId, signTestWebhook } from './test-provider.ts'

const SECRET = `whsec_test_${randomUUID()}`
const SHOP = 'https://shop.example.com'

let platform: TestPlatform
let store: SeededStore

beforeAll(async () => {
  platform = await startTestPlatform([createCheckoutService({ testWebhookSecret: SECRET })], { CHECKOUT_URL: SHOP })
  store = await seedStore(platform, [{ title: '<script>alert("tea")</script> & Co', price_minor: 1999 }])
})
afterAll(() => platform?.close())

type Session = { id: string; url: string }

async function openSession(quantity = 3): Promise<Session> {
  const response = await testClient(platform.app).post<Session>(
    '/api/checkout/orders',
    orderBody(store.link.code, [{ product_id: store.products[0]?.id ?? '', quantity }]),
  )
  expect(response.status).toBe(201)
  return response.body
}

const pathOf = (session: Session) => new URL(session.url).pathname

describe('the test payment page', () => {
  it('shows the amount, the escaped lines and the test cards under a strict content security policy', async () => {
    const session = await openSession()
    const page = await testClient(platform.app).get(pathOf(session))
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${SHOP}; base-uri 'none'; frame-ancestors 'none'`,
    )
    expect(page.text).toContain('$59.97')
    expect(page.text).toContain('&lt;script&gt;alert(&quot;tea&quot;)&lt;/script&gt; &amp; Co × 3')
    expect(page.text).not.toContain('<script')
    expect(page.text).toContain(`<form method="post" action="${pathOf(session)}">`)
    expect(page.text).toContain('name="card_number"')
    expect(page.text).toContain('4242 4242 4242 4242')
    expect(page.text).toContain(`href="${SHOP}/error"`)
  })

  it('answers 404 for a session that does not exist, to look at or to pay', async () => {
    const client = testClient(platform.app)
    expect((await client.get('/api/checkout/test-provider/sessions/cs_test_nope')).status).toBe(404)
    const pay = await client.post('/api/checkout/test-provider/sessions/cs_test_nope', {
      card_number: '4242424242424242',
    })
    expect(pay.status).toBe(404)
    expect(pay.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'Payment session not found' })
  })

  describe.each([
    ['1234', 400, 'Enter a card number of 12 to 19 digits'],
    ['4242 4242 4242 424x', 400, 'Enter a card number of 12 to 19 digits'],
    ['4242 4242 4242 4242 4242', 400, 'Enter a card number of 12 to 19 digits'],
    ['', 400, 'Enter a card number of 12 to 19 digits'],
    ['4000 0000 0000 0002', 402, 'Your card was declined.'],
    ['4000-0000-0000-9995', 402, 'Your card has insufficient funds.'],
    ['4000000000000069', 402, 'Your card has expired.'],
    ['4242 4242 4242 4241', 402, 'Your card number is incorrect.'],
  ])('paying with the card number "%s"', (card, status, message) => {
    it(`is refused with ${status} and leaves the session unpaid`, async () => {
      const session = await openSession(1)
      const response = await payWithCard(platform, session.url, card)
      expect(response.status).toBe(status)
      expect(response.body).toMatchObject({
        statusCode: status,
        code: status === 402 ? 'payment_failed' : 'bad_request',
        error: status === 402 ? 'Payment Required' : 'Bad Request',
        message,
      })
      const order = await orderOfSession(platform, session.id)
      expect(order.status).toBe('pending')
    })
  })

  it('shows the page again with the message when a form post is declined', async () => {
    const session = await openSession(1)
    const response = await payWithCard(platform, session.url, '4000 0000 0000 9995', true)
    expect(response.status).toBe(402)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.headers['content-security-policy']).toContain("form-action 'self'")
    expect(response.text).toContain('Your card has insufficient funds.')
    expect(response.text).toContain('name="card_number"')
  })

  it('redirects a form post with a good card to the shop, and accepts any valid card number', async () => {
    const session = await openSession(1)
    const response = await payWithCard(platform, session.url, '5555-5555-5555-4444', true)
    expect(response.status).toBe(303)
    expect(response.headers.location).toBe(`${SHOP}/success?source=${session.id}`)
    const page = await testClient(platform.app).get(pathOf(session))
    expect(page.text).toContain('This payment is complete.')
    expect(page.text).not.toContain('name="card_number"')
  })

  it('just redirects when a paid session is paid again, and completes the order once', async () => {
    const session = await openSession(2)
    const first = await payWithCard(platform, session.url, '4242 4242 4242 4242')
    const second = await payWithCard(platform, session.url, '4242 4242 4242 4242')
    expect([first.status, second.status]).toEqual([303, 303])
    expect(second.headers.location).toBe(first.headers.location)
    const order = await orderOfSession(platform, session.id)
    expect(order.status).toBe('completed')
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })
})

describe('test provider webhooks', () => {
  const now = () => Math.floor(Date.now() / 1000)
  const signedFor = (sessionId: string) =>
    JSON.stringify({ id: `evt_test_${sessionId}`, type: 'payment.succeeded', data: { session_id: sessionId } })

  it.each([
    [
      'a signature made with another secret',
      (id: string) => ({ signature: signTestWebhook('whsec_x', signedFor(id), now()) }),
    ],
    [
      'a body changed after signing',
      (id: string) => ({ body: signedFor(id).replace('payment.succeeded', 'payment.succeeded ') }),
    ],
    ['a timestamp ten minutes old', (_id: string) => ({ timestamp: now() - 600 })],
    ['no signature header', (_id: string) => ({ signature: '' })],
    ['a malformed signature header', (_id: string) => ({ signature: 'v1=abc' })],
  ])('refuses a webhook with %s', async (_name, tamper) => {
    const session = await openSession(1)
    const response = await sendTestWebhook(platform, SECRET, session.id, tamper(session.id))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' })
    expect((await orderOfSession(platform, session.id)).status).toBe('pending')
  })

  it('acknowledges a correctly signed webhook for a session that is not paid, and leaves the order pending', async () => {
    const session = await openSession(1)
    const response = await sendTestWebhook(platform, SECRET, session.id)
    expect(response.status).toBe(200)
    // The provider's word on the session decides, not the notification: it says the session is still open.
    expect((await orderOfSession(platform, session.id)).status).toBe('pending')
  })

  it('acknowledges a correctly signed webhook for a session no order knows', async () => {
    const response = await sendTestWebhook(platform, SECRET, 'cs_test_someone_elses')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ received: true })
  })

  it('delivers its webhook through the real route with a secret of its own when none is fixed', async () => {
    const own = await startTestPlatform([createCheckoutService()], { CHECKOUT_URL: SHOP })
    try {
      const ownStore = await seedStore(own, [{ title: 'Mug', price_minor: 1200 }])
      const placed = await testClient(own.app).post<Session>(
        '/api/checkout/orders',
        orderBody(ownStore.link.code, [{ product_id: ownStore.products[0]?.id ?? '', quantity: 1 }]),
      )
      expect((await payWithCard(own, placed.body.url, '4242 4242 4242 4242')).status).toBe(303)
      const order = await orderOfSession(own, placed.body.id)
      expect(order.status).toBe('completed')
      // A secret guessed from outside is refused.
      expect((await sendTestWebhook(own, SECRET, placed.body.id)).status).toBe(400)
    } finally {
      await own.close()
    }
  })
})

describe('test session ids', () => {
  it('are recognised in the shape createSession makes them, and nothing else is', async () => {
    const session = await testClient(platform.app).post<Session>(
      '/api/checkout/orders',
      orderBody(store.link.code, [{ product_id: store.products[0]?.id ?? '', quantity: 1 }]),
    )
    expect(isTestSessionId(session.body.id)).toBe(true)
    for (const id of [
      '',
      'cs_test_',
      `cs_live_${'a'.repeat(48)}`,
      `cs_test_${'A'.repeat(48)}`,
      `${session.body.id}x`,
    ]) {
      expect(isTestSessionId(id), id).toBe(false)
    }
  })
})
