import { randomUUID } from 'node:crypto'
import type { UserData } from '@ambassador/contracts/events'
import type { Clock } from '@ambassador/kit/clock/clock'
import { completedOrderData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIRST_RETRY_DELAY_MS, JITTER, RETRY_WINDOW_MS } from './deliveries/backoff.ts'
import { RESPONSE_EXCERPT_LIMIT } from './deliveries/channel.ts'
import { notificationsService } from './index.ts'
import { hasValidSignature, startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver.ts'

type Endpoint = { id: string; url: string; event_types: string[]; enabled: boolean; disabled_reason: string | null }
type EndpointWithSecret = Endpoint & { secret: string }
type Delivery = {
  id: string
  event_id: string
  event_type: string
  status: string
  attempts: number
  next_attempt_at: string | null
  last_status_code: number | null
  last_response_excerpt: string | null
  request_headers: Record<string, string>
  request_body: string
}

/** The platform's clock, moved by the tests (retries are due by it). */
let now = new Date('2026-03-02T09:00:00.000Z')
const clock: Clock = { now: () => new Date(now) }

let platform: TestPlatform
let admin: TestClient
let receiver: WebhookReceiver

const user = (role: UserData['role'], email: string): UserData => ({
  id: randomUUID(),
  first_name: 'Test',
  last_name: role,
  email,
  role,
})

beforeAll(async () => {
  receiver = await startWebhookReceiver()
  platform = await startTestPlatform([notificationsService], {}, { clock })
  admin = await platform.signIn(user('admin', 'boss@example.com'))
})
afterAll(async () => {
  await platform?.close()
  await receiver?.close()
})

async function registerEndpoint(path: string, eventTypes = ['order.completed']): Promise<EndpointWithSecret> {
  const created = await admin.post<EndpointWithSecret>('/api/notifications/webhooks', {
    url: receiver.url(path),
    event_types: eventTypes,
  })
  expect(created.status).toBe(201)
  return created.body
}

async function publishOrder() {
  const order = completedOrderData({
    ambassadorId: randomUUID(),
    lines: [{ title: 'Kite', price_minor: 2_500, quantity: 2 }],
  })
  return platform.publish('order.completed', order.id, order)
}

async function deliveriesOf(endpoint: { id: string }): Promise<Delivery[]> {
  const response = await admin.get<Delivery[]>(`/api/notifications/webhooks/${endpoint.id}/deliveries`)
  expect(response.status).toBe(200)
  return response.body
}

async function onlyDelivery(endpoint: { id: string }): Promise<Delivery> {
  const [delivery, ...more] = await deliveriesOf(endpoint)
  expect(more).toEqual([])
  if (!delivery) throw new Error('no delivery')
  return delivery
}

/** Moves the clock to when the delivery is due again and lets the worker attempt it. */
async function retryWhenDue(delivery: Delivery) {
  if (!delivery.next_attempt_at) throw new Error(`delivery ${delivery.id} is not waiting for a retry`)
  now = new Date(delivery.next_attempt_at)
  await platform.drain()
}

describe('webhook endpoints', () => {
  it('shows the secret once, when registered or rotated, and never in the endpoint afterwards', async () => {
    const endpoint = await registerEndpoint('/registered', ['order.completed', 'order.refunded'])
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    expect(endpoint).toMatchObject({ enabled: true, event_types: ['order.completed', 'order.refunded'] })

    const listed = await admin.get<Endpoint[]>('/api/notifications/webhooks')
    expect(listed.body.find((e) => e.id === endpoint.id)).not.toHaveProperty('secret')
    const read = await admin.get<Endpoint>(`/api/notifications/webhooks/${endpoint.id}`)
    expect(read.body).toMatchObject({ id: endpoint.id, url: receiver.url('/registered') })
    expect(read.body).not.toHaveProperty('secret')

    const rotated = await admin.post<EndpointWithSecret>(`/api/notifications/webhooks/${endpoint.id}/rotate-secret`)
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).toMatch(/^whsec_/)
    expect(rotated.body.secret).not.toBe(endpoint.secret)
  })

  it('lists the event types an endpoint may subscribe to, without the one-time link requests', async () => {
    const types = (await admin.get<string[]>('/api/notifications/event-types')).body
    expect(types).toContain('order.completed')
    expect(types).toContain('user.registered')
    expect(types).not.toContain('user.sign_in_link_requested')
    expect(types).not.toContain('user.password_reset_requested')
  })

  it('changes the URL, event types and enabled flag, and deletes an endpoint', async () => {
    const endpoint = await registerEndpoint('/changed')
    const changed = await admin.request<Endpoint>('PATCH', `/api/notifications/webhooks/${endpoint.id}`, {
      url: receiver.url('/changed-again'),
      event_types: ['user.registered'],
      enabled: false,
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({
      url: receiver.url('/changed-again'),
      event_types: ['user.registered'],
      enabled: false,
    })
    expect((await admin.delete(`/api/notifications/webhooks/${endpoint.id}`)).status).toBe(204)
    expect((await admin.get(`/api/notifications/webhooks/${endpoint.id}`)).status).toBe(404)
    expect((await admin.delete(`/api/notifications/webhooks/${endpoint.id}`)).status).toBe(404)
  })
})

describe('webhook deliveries', () => {
  it('posts a subscribed event once, signed with the endpoint secret, even when the event arrives twice', async () => {
    const endpoint = await registerEndpoint('/orders')
    const otherTypes = await registerEndpoint('/refunds-only', ['order.refunded'])
    const off = await registerEndpoint('/off')
    await admin.request('PATCH', `/api/notifications/webhooks/${off.id}`, { enabled: false })

    const event = await publishOrder()
    await platform.redeliver(event)
    await platform.drain()

    const [request, ...more] = receiver.requestsTo('/orders')
    expect(more).toEqual([])
    if (!request) throw new Error('the receiver got nothing')
    expect(hasValidSignature(request, endpoint.secret)).toBe(true)
    expect(hasValidSignature(request, `${endpoint.secret}x`)).toBe(false)
    expect(request.headers['ambassador-signature']).toMatch(
      new RegExp(`^t=${Math.floor(now.getTime() / 1000)},v1=[0-9a-f]{64}$`),
    )
    expect(request.headers['ambassador-event-id']).toBe(event.id)
    expect(request.headers['ambassador-event-type']).toBe('order.completed')
    expect(request.headers['content-type']).toBe('application/json')
    expect(JSON.parse(request.body)).toEqual({
      id: event.id,
      type: 'order.completed',
      occurred_at: event.occurredAt,
      data: event.data,
    })
    expect(receiver.requestsTo('/refunds-only')).toEqual([])
    expect(receiver.requestsTo('/off')).toEqual([])
    expect(await deliveriesOf(otherTypes)).toEqual([])

    const delivery = await onlyDelivery(endpoint)
    expect(delivery).toMatchObject({
      event_id: event.id,
      event_type: 'order.completed',
      status: 'delivered',
      attempts: 1,
      next_attempt_at: null,
      last_status_code: 200,
      last_response_excerpt: 'ok',
      request_body: request.body,
    })
    expect(delivery.request_headers['Ambassador-Event-Id']).toBe(event.id)
  })

  it('retries a failing endpoint with growing, jittered delays, then delivers the same event once it answers 2xx', async () => {
    receiver.answer('/flaky', { status: 500, body: 'database is down' })
    const endpoint = await registerEndpoint('/flaky')
    const event = await publishOrder()
    await platform.drain()

    const first = await onlyDelivery(endpoint)
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 })
    expect(first.last_response_excerpt).toBe('database is down')
    const firstWait = new Date(first.next_attempt_at ?? '').getTime() - now.getTime()
    expect(firstWait).toBeGreaterThanOrEqual(FIRST_RETRY_DELAY_MS * (1 - JITTER))
    expect(firstWait).toBeLessThanOrEqual(FIRST_RETRY_DELAY_MS * (1 + JITTER))

    // Not due yet: nothing is sent before the wait is over.
    await platform.drain()
    expect(receiver.requestsTo('/flaky')).toHaveLength(1)

    await retryWhenDue(first)
    const second = await onlyDelivery(endpoint)
    expect(second).toMatchObject({ status: 'pending', attempts: 2 })
    const secondWait = new Date(second.next_attempt_at ?? '').getTime() - now.getTime()
    expect(secondWait).toBeGreaterThanOrEqual(2 * FIRST_RETRY_DELAY_MS * (1 - JITTER))
    expect(secondWait).toBeLessThanOrEqual(2 * FIRST_RETRY_DELAY_MS * (1 + JITTER))

    receiver.answer('/flaky', { status: 204 })
    await retryWhenDue(second)
    expect(await onlyDelivery(endpoint)).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 204 })

    const requests = receiver.requestsTo('/flaky')
    expect(requests).toHaveLength(3)
    for (const request of requests) {
      expect(request.headers['ambassador-event-id']).toBe(event.id)
      expect(request.body).toBe(requests[0]?.body)
      expect(hasValidSignature(request, endpoint.secret)).toBe(true)
    }
  })

  it('waits as long as a 429 answer asks (Retry-After) before trying that endpoint again', async () => {
    receiver.answer('/busy', { status: 429, headers: { 'retry-after': '600' } })
    const endpoint = await registerEndpoint('/busy')
    await publishOrder()
    await platform.drain()
    const delivery = await onlyDelivery(endpoint)
    expect(delivery).toMatchObject({ status: 'pending', last_status_code: 429 })
    expect(new Date(delivery.next_attempt_at ?? '').getTime() - now.getTime()).toBe(600_000)

    // A second event for the paused endpoint waits too: nothing reaches it before the pause is over.
    await publishOrder()
    await platform.drain()
    expect(receiver.requestsTo('/busy')).toHaveLength(1)
  })

  it('tries again as soon as a short Retry-After is over, not after the backoff of a failure', async () => {
    receiver.answer('/briefly-busy', { status: 429, headers: { 'retry-after': '2' } })
    const endpoint = await registerEndpoint('/briefly-busy')
    await publishOrder()
    await platform.drain()
    const waiting = await onlyDelivery(endpoint)
    expect(new Date(waiting.next_attempt_at ?? '').getTime() - now.getTime()).toBe(2_000)

    receiver.answer('/briefly-busy', { status: 200, body: 'ok' })
    now = new Date(now.getTime() + 2_000)
    await platform.drain()
    expect(await onlyDelivery(endpoint)).toMatchObject({ status: 'delivered', attempts: 2 })
  })

  it('keeps only the start of a long answer in the log', async () => {
    receiver.answer('/verbose', { status: 500, body: 'x'.repeat(100_000) })
    const endpoint = await registerEndpoint('/verbose')
    await publishOrder()
    await platform.drain()
    const delivery = await onlyDelivery(endpoint)
    expect(delivery.last_status_code).toBe(500)
    expect(delivery.last_response_excerpt).toBe('x'.repeat(RESPONSE_EXCERPT_LIMIT))
  })

  it('turns an endpoint off after every attempt failed for a day, and queues nothing more for it', async () => {
    receiver.answer('/broken', { status: 503, body: 'maintenance' })
    const endpoint = await registerEndpoint('/broken')
    const started = now.getTime()
    await publishOrder()
    await platform.drain()

    let delivery = await onlyDelivery(endpoint)
    for (let attempt = 0; delivery.status === 'pending' && attempt < 40; attempt++) {
      await retryWhenDue(delivery)
      delivery = await onlyDelivery(endpoint)
    }
    expect(delivery.status).toBe('failed')
    expect(now.getTime() - started).toBe(RETRY_WINDOW_MS)
    expect(delivery.attempts).toBe(receiver.requestsTo('/broken').length)
    expect(delivery.attempts).toBeGreaterThan(10)

    const turnedOff = await admin.get<Endpoint>(`/api/notifications/webhooks/${endpoint.id}`)
    expect(turnedOff.body).toMatchObject({
      enabled: false,
      disabled_reason: 'Every delivery attempt failed for 24 hours',
    })
    await publishOrder()
    await platform.drain()
    expect(await deliveriesOf(endpoint)).toHaveLength(1)

    // Turned on again, it gets a full day before it could be turned off again.
    receiver.answer('/broken', { status: 200 })
    const on = await admin.request<Endpoint>('PATCH', `/api/notifications/webhooks/${endpoint.id}`, { enabled: true })
    expect(on.body).toMatchObject({ enabled: true, disabled_reason: null })
  })

  it('resends a delivery now with the same event id and body, and refuses while the endpoint is off', async () => {
    const endpoint = await registerEndpoint('/resend')
    const event = await publishOrder()
    await platform.drain()
    const delivery = await onlyDelivery(endpoint)
    expect(delivery.status).toBe('delivered')

    const resent = await admin.post<Delivery>(`/api/notifications/deliveries/${delivery.id}/resend`)
    expect(resent.status).toBe(202)
    expect(resent.body).toMatchObject({ id: delivery.id, status: 'pending' })
    await platform.drain()

    const [first, second, ...more] = receiver.requestsTo('/resend')
    expect(more).toEqual([])
    expect(second?.headers['ambassador-event-id']).toBe(event.id)
    expect(second?.body).toBe(first?.body)
    expect(second && hasValidSignature(second, endpoint.secret)).toBe(true)
    expect(await onlyDelivery(endpoint)).toMatchObject({ status: 'delivered', attempts: 2 })

    await admin.request('PATCH', `/api/notifications/webhooks/${endpoint.id}`, { enabled: false })
    const refused = await admin.post<{ code: string }>(`/api/notifications/deliveries/${delivery.id}/resend`)
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('webhook_endpoint_disabled')
    expect((await admin.post(`/api/notifications/deliveries/${randomUUID()}/resend`)).status).toBe(404)
  })
})

describe('who may manage webhooks', () => {
  const routes: [string, string][] = [
    ['GET', '/api/notifications/event-types'],
    ['POST', '/api/notifications/webhooks'],
    ['GET', '/api/notifications/webhooks'],
    ['GET', `/api/notifications/webhooks/${randomUUID()}`],
    ['PATCH', `/api/notifications/webhooks/${randomUUID()}`],
    ['DELETE', `/api/notifications/webhooks/${randomUUID()}`],
    ['POST', `/api/notifications/webhooks/${randomUUID()}/rotate-secret`],
    ['GET', `/api/notifications/webhooks/${randomUUID()}/deliveries`],
    ['POST', `/api/notifications/deliveries/${randomUUID()}/resend`],
  ]
  it.each(routes)('%s %s: 401 without a session, 403 for an ambassador or a shopper', async (method, url) => {
    const body = method === 'GET' || method === 'DELETE' ? undefined : { url: receiver.url('/x'), event_types: [] }
    const anonymous = await testClient(platform.app).request(method, url, body)
    expect(anonymous.status).toBe(401)
    for (const role of ['ambassador', 'shopper'] as const) {
      const client = await platform.signIn(user(role, `${role}-${randomUUID()}@example.com`))
      expect((await client.request(method, url, body)).status).toBe(403)
    }
  })
})

describe('bad input', () => {
  const valid = () => ({ url: receiver.url('/valid'), event_types: ['order.completed'] })
  it.each([
    ['no URL', { event_types: ['order.completed'] }],
    ['a URL that is not a string', { url: 42, event_types: ['order.completed'] }],
    ['a URL that is not one', { url: 'not a url', event_types: ['order.completed'] }],
    ['another scheme', { url: 'ftp://example.com/hook', event_types: ['order.completed'] }],
    ['plain http to the internet', { url: 'http://example.com/hook', event_types: ['order.completed'] }],
    ['credentials in the URL', { url: 'https://user:pw@example.com/hook', event_types: ['order.completed'] }],
    ['a fragment', { url: 'https://example.com/hook#x', event_types: ['order.completed'] }],
    ['a private address', { url: 'https://10.0.0.5/hook', event_types: ['order.completed'] }],
    ['the cloud metadata address', { url: 'https://169.254.169.254/latest', event_types: ['order.completed'] }],
    ['no event types', { url: 'https://example.com/hook', event_types: [] }],
    ['an unknown event type', { url: 'https://example.com/hook', event_types: ['order.teleported'] }],
    ['a private event type', { url: 'https://example.com/hook', event_types: ['user.password_reset_requested'] }],
    ['event types that are not a list', { url: 'https://example.com/hook', event_types: 'order.completed' }],
  ])('refuses an endpoint with %s (400)', async (_, body) => {
    const response = await admin.post('/api/notifications/webhooks', body)
    expect(response.status).toBe(400)
  })

  it('refuses an empty or wrong change (400), and an unknown endpoint or delivery (404)', async () => {
    const endpoint = (await admin.post<Endpoint>('/api/notifications/webhooks', valid())).body
    const path = `/api/notifications/webhooks/${endpoint.id}`
    expect((await admin.request('PATCH', path, {})).status).toBe(400)
    expect((await admin.request('PATCH', path, { enabled: 'yes' })).status).toBe(400)
    expect((await admin.request('PATCH', path, { url: 'https://192.168.1.1/' })).status).toBe(400)
    expect((await admin.get(`${path}/deliveries?limit=0`)).status).toBe(400)
    expect((await admin.get('/api/notifications/webhooks/not-a-uuid')).status).toBe(404)
    expect((await admin.post('/api/notifications/deliveries/not-a-uuid/resend')).status).toBe(404)
  })
})
