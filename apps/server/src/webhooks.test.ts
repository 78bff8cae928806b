import type { OrderDetail } from '@ambassador/contracts/http'
import type { Clock } from '@ambassador/kit/clock/clock'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import {
  hasValidSignature,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@ambassador/notifications/testing/webhook-receiver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN } from './testing.ts'

type Endpoint = { id: string; secret: string }
type Delivery = { id: string; event_id: string; event_type: string; status: string; next_attempt_at: string | null }

let now = new Date()
const clock: Clock = { now: () => new Date(now) }

let platform: TestPlatform
let admin: TestClient
let receiver: WebhookReceiver

beforeAll(async () => {
  receiver = await startWebhookReceiver()
  platform = await startWholePlatform({ STORE_NAME: 'Kites & Co' }, { clock })
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
})
afterAll(async () => {
  await platform?.close()
  await receiver?.close()
})

async function registerEndpoint(path: string, eventTypes: string[]): Promise<Endpoint> {
  const created = await admin.post<Endpoint>('/api/notifications/webhooks', {
    url: receiver.url(path),
    event_types: eventTypes,
  })
  expect(created.status).toBe(201)
  return created.body
}

async function deliveriesOf(endpoint: Endpoint) {
  return (await admin.get<Delivery[]>(`/api/notifications/webhooks/${endpoint.id}/deliveries`)).body
}

/** An ambassador with a link to one product at 20.00, and a customer who orders 2 through it and pays (confirming twice). */
async function paidOrder(): Promise<OrderDetail> {
  const ambassador = testClient(platform.app)
  const credentials = { email: `ada-${Date.now()}@example.com`, password: 'ambassador-pw' }
  const registered = await ambassador.post('/api/ambassador/register', {
    first_name: 'Ada',
    last_name: 'Seller',
    ...credentials,
    password_confirm: credentials.password,
  })
  expect(registered.status).toBe(201)
  expect((await ambassador.post('/api/ambassador/login', credentials)).status).toBe(200)
  const product = await admin.post<{ id: string }>('/api/admin/products', {
    title: 'Kite',
    description: 'A kite',
    image: '',
    price: 20,
  })
  await platform.drain()
  const link = await ambassador.post<{ code: string }>('/api/ambassador/links', { products: [product.body.id] })
  expect(link.status).toBe(201)

  const shopper = testClient(platform.app)
  const session = await shopper.post<{ id: string; url: string }>(
    '/api/checkout/orders',
    customerOrder(link.body.code, [{ product_id: product.body.id, quantity: 2 }]),
  )
  expect(session.status).toBe(201)
  expect((await shopper.post(new URL(session.body.url).pathname, { card_number: '4242424242424242' })).status).toBe(303)
  expect((await shopper.post('/api/checkout/orders/confirm', { source: session.body.id })).status).toBe(200)
  expect((await shopper.post('/api/checkout/orders/confirm', { source: session.body.id })).status).toBe(200)
  await platform.drain()
  const orders = await admin.get<{ id: string; code: string }[]>('/api/admin/orders')
  const id = orders.body.find((o) => o.code === link.body.code)?.id
  return (await admin.get<OrderDetail>(`/api/admin/orders/${id}`)).body
}

describe('webhooks on the whole platform', () => {
  it('sends each endpoint exactly one signed delivery per event when an order is placed, paid and refunded', async () => {
    const orders = await registerEndpoint('/orders', ['order.completed', 'order.refunded'])
    const refundsOnly = await registerEndpoint('/refunds', ['order.refunded'])

    const order = await paidOrder()
    const refunded = await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: '5.00' })
    expect(refunded.status).toBe(201)
    await platform.drain()

    const toOrders = receiver.requestsTo('/orders')
    expect(toOrders.map((r) => r.headers['ambassador-event-type'])).toEqual(['order.completed', 'order.refunded'])
    expect(new Set(toOrders.map((r) => r.headers['ambassador-event-id'])).size).toBe(2)
    for (const request of toOrders) {
      expect(hasValidSignature(request, orders.secret)).toBe(true)
      const data = JSON.parse(request.body).data
      expect(data.order_id ?? data.id).toBe(order.id)
    }
    const toRefunds = receiver.requestsTo('/refunds')
    expect(toRefunds.map((r) => r.headers['ambassador-event-type'])).toEqual(['order.refunded'])
    // The same event reaches both endpoints under the same id.
    expect(toRefunds[0]?.headers['ambassador-event-id']).toBe(toOrders[1]?.headers['ambassador-event-id'])
    expect(hasValidSignature(toRefunds[0] ?? { path: '', headers: {}, body: '' }, refundsOnly.secret)).toBe(true)

    expect((await deliveriesOf(orders)).map((d) => [d.event_type, d.status]).sort()).toEqual([
      ['order.completed', 'delivered'],
      ['order.refunded', 'delivered'],
    ])
    expect((await deliveriesOf(refundsOnly)).map((d) => d.status)).toEqual(['delivered'])
  })

  it('turns off an endpoint that failed for a day and mails the admin about it', async () => {
    receiver.answer('/down', { status: 500, body: 'receiver crashed' })
    const endpoint = await registerEndpoint('/down', ['product.created'])
    const created = await admin.post('/api/admin/products', {
      title: 'Spool',
      description: 'Line',
      image: '',
      price: 3,
    })
    expect(created.status).toBe(201)
    await platform.drain()

    let [delivery] = await deliveriesOf(endpoint)
    for (let attempt = 0; delivery?.next_attempt_at && attempt < 40; attempt++) {
      now = new Date(delivery.next_attempt_at)
      await platform.drain()
      ;[delivery] = await deliveriesOf(endpoint)
    }
    expect(delivery?.status).toBe('failed')
    const read = await admin.get<{ enabled: boolean }>(`/api/notifications/webhooks/${endpoint.id}`)
    expect(read.body.enabled).toBe(false)

    type Mail = { id: string; to: string; subject: string }
    const mails = (await admin.get<Mail[]>('/api/admin/mailbox')).body.filter(
      (m) => m.subject === 'A Kites & Co webhook endpoint was turned off',
    )
    expect(mails.map((m) => m.to)).toEqual([TEST_ADMIN.email])
    const mail = await admin.get<{ text: string }>(`/api/admin/mailbox/${mails[0]?.id}`)
    expect(mail.body.text).toContain(`Every delivery to ${receiver.url('/down')} has failed since`)
    expect(mail.body.text).toContain('Its last answer: HTTP 500: receiver crashed')
  })
})

type Room = { id: string; kind: string; url_hint: string; topics: string[]; enabled: boolean }

describe('Discord and Slack channels on the whole platform', () => {
  it('posts exactly one Discord embed and one Slack message per new order and refund, waiting as Discord’s 429 asks', async () => {
    const rateLimited = { message: 'You are being rate limited.', retry_after: 1.5, global: false }
    receiver.answer('/discord', {
      status: 429,
      body: JSON.stringify(rateLimited),
      headers: { 'content-type': 'application/json', 'retry-after': '2' },
    })
    receiver.answer('/slack', { status: 200, body: 'ok' })
    const discord = await admin.post<Room>('/api/notifications/channels', {
      kind: 'discord',
      name: 'Shop room',
      url: receiver.url('/discord'),
      topics: ['new_order', 'refund'],
    })
    expect(discord.status).toBe(201)
    expect(discord.body).not.toHaveProperty('url') // the webhook URL is a secret: only a hint of it comes back
    expect(discord.body.url_hint).toMatch(/^127\.0\.0\.1:\d+\/…cord$/)
    const slack = await admin.post<Room>('/api/notifications/channels', {
      kind: 'slack',
      name: 'Sales',
      url: receiver.url('/slack'),
      topics: ['new_order', 'refund', 'new_ambassador'],
    })
    expect(slack.status).toBe(201)

    const order = await paidOrder()
    // Discord answered the order's message 429 and asked for 1.5 s: nothing more goes to it before then.
    expect(receiver.requestsTo('/discord')).toHaveLength(1)
    receiver.answer('/discord', { status: 204 })
    expect((await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: '5.00' })).status).toBe(201)
    await platform.drain()
    expect(receiver.requestsTo('/discord')).toHaveLength(1)
    now = new Date(now.getTime() + 1_500)
    await platform.drain()

    const embeds = receiver.requestsTo('/discord').map((r) => JSON.parse(r.body).embeds[0].title)
    expect(embeds).toEqual(['New order: $40.00', 'New order: $40.00', 'Refund: $5.00'])
    const delivered = (await admin.get<Delivery[]>(`/api/notifications/channels/${discord.body.id}/deliveries`)).body
    expect(delivered.map((d) => [d.event_type, d.status]).sort()).toEqual([
      ['order.completed', 'delivered'],
      ['order.refunded', 'delivered'],
    ])
    const slackTexts = receiver.requestsTo('/slack').map((r) => JSON.parse(r.body).blocks[0].text.text)
    expect(slackTexts).toEqual(['New ambassador: Ada Seller', 'New order: $40.00', 'Refund: $5.00'])
  })

  it('refuses a channel with an unknown kind or topic, or no URL, with a 400 and a code', async () => {
    const base = { kind: 'slack', name: 'Room', url: receiver.url('/x'), topics: ['new_order'] }
    const badTopic = await admin.post('/api/notifications/channels', { ...base, topics: ['everything'] })
    expect(badTopic.status).toBe(400)
    expect(badTopic.body).toMatchObject({ code: 'invalid_topics' })
    expect((await admin.post('/api/notifications/channels', { ...base, kind: 'irc' })).status).toBe(400)
    const badUrl = await admin.post('/api/notifications/channels', { ...base, url: 'ftp://example.com/hook' })
    expect(badUrl.status).toBe(400)
    expect(badUrl.body).toMatchObject({ code: 'invalid_webhook_url' })
  })

  it('refuses an SMS channel with a 409 and a code on a store whose SMS is not set up', async () => {
    const refused = await admin.post('/api/notifications/channels', {
      kind: 'sms',
      name: 'On call',
      phones: ['+15550100999'],
      topics: ['new_order'],
    })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: 'sms_not_configured' })
  })

  it('stops posting to a channel turned off, and forgets a deleted one', async () => {
    const room = await admin.post<Room>('/api/notifications/channels', {
      kind: 'slack',
      name: 'Quiet',
      url: receiver.url('/quiet'),
      topics: ['new_ambassador'],
    })
    const off = await admin.request<Room>('PATCH', `/api/notifications/channels/${room.body.id}`, { enabled: false })
    expect(off.body.enabled).toBe(false)
    const ambassador = testClient(platform.app)
    const email = `quiet-${Date.now()}@example.com`
    const password = 'ambassador-pw'
    const registered = await ambassador.post('/api/ambassador/register', {
      first_name: 'Quiet',
      last_name: 'One',
      email,
      password,
      password_confirm: password,
    })
    expect(registered.status).toBe(201)
    await platform.drain()
    expect(receiver.requestsTo('/quiet')).toHaveLength(0)
    expect((await admin.delete(`/api/notifications/channels/${room.body.id}`)).status).toBe(204)
    expect((await admin.get(`/api/notifications/channels/${room.body.id}/deliveries`)).status).toBe(404)
  })
})

describe('one order placed, paid and refunded, told everywhere', () => {
  it('makes one Discord message, one Slack message and one signed delivery per endpoint and event, and analytics counts it', async () => {
    type Totals = { orders: number; revenue: number; refunds: number; refunded: number }
    const year = (offset: number) => String(now.getUTCFullYear() + offset)
    const totals = async () =>
      (
        await admin.get<{ totals: Totals }>(
          `/api/analytics/revenue?from=${year(-1)}-01-01&to=${year(1)}-12-31&interval=month`,
        )
      ).body.totals
    const before = await totals()
    receiver.answer('/everywhere/discord', { status: 204 })
    receiver.answer('/everywhere/slack', { status: 200, body: 'ok' })
    for (const kind of ['discord', 'slack']) {
      const channel = await admin.post('/api/notifications/channels', {
        kind,
        name: `Everything ${kind}`,
        url: receiver.url(`/everywhere/${kind}`),
        topics: ['new_order', 'refund'],
      })
      expect(channel.status).toBe(201)
    }
    const first = await registerEndpoint('/everywhere/first', ['order.completed', 'order.refunded'])
    const second = await registerEndpoint('/everywhere/second', ['order.completed', 'order.refunded'])

    const order = await paidOrder() // confirmed twice: the second confirm must not tell anyone again
    expect((await admin.post(`/api/admin/orders/${order.id}/refunds`, { amount: '5.00' })).status).toBe(201)
    await platform.drain()

    const titles = receiver.requestsTo('/everywhere/discord').map((r) => JSON.parse(r.body).embeds[0].title)
    expect(titles).toEqual(['New order: $40.00', 'Refund: $5.00'])
    const texts = receiver.requestsTo('/everywhere/slack').map((r) => JSON.parse(r.body).blocks[0].text.text)
    expect(texts).toEqual(['New order: $40.00', 'Refund: $5.00'])
    for (const [path, endpoint] of [
      ['/everywhere/first', first],
      ['/everywhere/second', second],
    ] as const) {
      const requests = receiver.requestsTo(path)
      expect(requests.map((r) => r.headers['ambassador-event-type'])).toEqual(['order.completed', 'order.refunded'])
      for (const request of requests) expect(hasValidSignature(request, endpoint.secret)).toBe(true)
    }
    const eventIds = (path: string) => receiver.requestsTo(path).map((r) => r.headers['ambassador-event-id'])
    expect(eventIds('/everywhere/second')).toEqual(eventIds('/everywhere/first'))

    const after = await totals()
    expect({
      orders: after.orders - before.orders,
      revenue: Math.round((after.revenue - before.revenue) * 100),
      refunds: after.refunds - before.refunds,
      refunded: Math.round((after.refunded - before.refunded) * 100),
    }).toEqual({ orders: 1, revenue: 4000, refunds: 1, refunded: 500 })
  })
})
