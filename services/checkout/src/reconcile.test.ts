import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from './index.ts'
import { testPaymentSessions, testPaymentWebhooks } from './schema.ts'
import {
  checkoutDb,
  completedEvents,
  orderBody,
  orderOfSession,
  payWithCard,
  type SeededStore,
  seedStore,
} from './testing/store.ts'

/** The service's clock, moved by hand: orders age without waiting. */
let now = Date.now()
let platform: TestPlatform
let store: SeededStore

beforeAll(async () => {
  platform = await startTestPlatform(
    [checkoutService],
    { ORDER_TTL_MINUTES: '60' },
    { clock: { now: () => new Date(now) } },
  )
  store = await seedStore(platform, [{ title: 'Kettle', price_minor: 3000 }])
})
afterAll(() => platform?.close())

async function openSession() {
  const response = await testClient(platform.app).post<{ id: string; url: string }>(
    '/api/checkout/orders',
    orderBody(store.link.code, [{ product_id: store.products[0]?.id ?? '', quantity: 1 }]),
  )
  expect(response.status).toBe(201)
  return response.body
}

/** What a crash leaves behind: the provider took the money (and, if `notified`, queued its notification), no more. */
async function paidBehindTheScenes(sessionId: string, notified: boolean) {
  const db = checkoutDb(platform)
  await db
    .update(testPaymentSessions)
    .set({ status: 'paid', paidAt: new Date(now).toISOString() })
    .where(eq(testPaymentSessions.id, sessionId))
  if (notified) {
    await db.insert(testPaymentWebhooks).values({
      id: crypto.randomUUID(),
      sessionId,
      attempts: 0,
      nextAttemptAt: new Date(now).toISOString(),
      createdAt: new Date(now).toISOString(),
    })
  }
}

describe('payments that never reached checkout', () => {
  it('completes an order whose payment notification was recorded but never delivered (a crash in between)', async () => {
    const session = await openSession()
    await paidBehindTheScenes(session.id, true)
    await platform.drain() // the provider's delivery worker sends what it owes
    const order = await orderOfSession(platform, session.id)
    expect(order.status).toBe('completed')
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })

  it('completes a paid order no notification and no confirm ever came for, once it is a minute old', async () => {
    const session = await openSession()
    await paidBehindTheScenes(session.id, false)
    await platform.drain()
    expect((await orderOfSession(platform, session.id)).status).toBe('pending') // too young: a customer may be confirming
    now += 2 * 60_000
    await platform.drain() // reconciliation asks the provider about pending orders
    const order = await orderOfSession(platform, session.id)
    expect(order.status).toBe('completed')
    expect(await completedEvents(platform, order.id)).toHaveLength(1)
  })

  it('expires an order left unpaid past ORDER_TTL_MINUTES; its page can no longer be paid nor the order confirmed', async () => {
    const session = await openSession()
    now += 61 * 60_000
    await platform.drain()
    expect((await orderOfSession(platform, session.id)).status).toBe('expired')
    const late = await payWithCard(platform, session.url, '4242 4242 4242 4242')
    expect(late.status).toBe(410)
    expect(late.body).toMatchObject({ code: 'payment_session_expired' })
    const confirm = await testClient(platform.app).post<{ code: string }>('/api/checkout/orders/confirm', {
      source: session.id,
    })
    expect(confirm.status).toBe(400)
    expect(confirm.body.code).toBe('order_expired')
  })

  it('completes, rather than expires, an order paid at the last moment whose notification was lost', async () => {
    const session = await openSession()
    now += 59 * 60_000
    await paidBehindTheScenes(session.id, false)
    now += 2 * 60_000
    await platform.drain()
    expect((await orderOfSession(platform, session.id)).status).toBe('completed')
  })
})
