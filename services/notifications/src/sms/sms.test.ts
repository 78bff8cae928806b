import { randomUUID } from 'node:crypto'
import type { UserData } from '@ambassador/contracts/events'
import type { Clock } from '@ambassador/kit/clock/clock'
import { completedOrderData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { notificationsService } from '../index.ts'
import { type FakeTwilio, startFakeTwilio } from '../testing/fake-twilio.ts'
import { MAX_SMS_LENGTH } from './text.ts'

type Room = { id: string; kind: string; name: string; url_hint: string | null; phones: string[]; topics: string[] }
type Delivery = {
  event_id: string
  status: string
  attempts: number
  next_attempt_at: string | null
  last_status_code: number | null
  last_error: string | null
  last_response_excerpt: string | null
  request_headers: Record<string, string>
}

let now = new Date('2026-11-28T09:00:00.000Z')
const clock: Clock = { now: () => new Date(now) }

let twilio: FakeTwilio
let platform: TestPlatform
let admin: TestClient

const adminUser: UserData = {
  id: randomUUID(),
  first_name: 'Test',
  last_name: 'Admin',
  email: 'boss@example.com',
  role: 'admin',
}

beforeAll(async () => {
  twilio = await startFakeTwilio()
  platform = await startTestPlatform([notificationsService], { ...twilio.env, STORE_NAME: 'Kites & Co' }, { clock })
  admin = await platform.signIn(adminUser)
})
afterAll(async () => {
  await platform?.close()
  await twilio?.close()
})

async function createSmsChannel(phones: string[], topics = ['new_order']): Promise<Room> {
  const created = await admin.post<Room>('/api/notifications/channels', {
    kind: 'sms',
    name: 'On call',
    phones,
    topics,
  })
  expect(created.status).toBe(201)
  return created.body
}

async function publishOrder() {
  const order = completedOrderData({
    ambassadorId: randomUUID(),
    lines: [{ title: 'Kite', price_minor: 2_000, quantity: 2 }],
  })
  return platform.publish('order.completed', order.id, order)
}

async function deliveriesOf(room: Room): Promise<Delivery[]> {
  const response = await admin.get<Delivery[]>(`/api/notifications/channels/${room.id}/deliveries`)
  expect(response.status).toBe(200)
  return response.body
}

describe('SMS channels', () => {
  it('texts each phone once per new order, even when the order event arrives twice, and shows phones masked', async () => {
    const room = await createSmsChannel(['+33 6 12 34 56 78', '+1 (555) 010-0999'])
    expect(room).toMatchObject({ kind: 'sms', url_hint: null, phones: ['+••••••••999', '+••••••••678'] })
    expect(JSON.stringify(room)).not.toContain('612345')
    const listed = (await admin.get<Room[]>('/api/notifications/channels')).body.find((r) => r.id === room.id)
    expect(listed?.phones).toEqual(['+••••••••999', '+••••••••678'])

    const event = await publishOrder()
    await platform.redeliver(event)
    await platform.drain()

    for (const phone of ['+33612345678', '+15550100999']) {
      const [text, ...more] = twilio.messagesTo(phone)
      expect(more).toEqual([])
      expect(text?.from).toBe('+15005550006')
      expect(text?.body).toMatch(/^Kites & Co: New order: \$40\.00\. .+ bought 2 items\.$/)
      expect(text?.body.length).toBeLessThanOrEqual(MAX_SMS_LENGTH)
    }
    const deliveries = await deliveriesOf(room)
    expect(deliveries).toHaveLength(2)
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ event_id: event.id, status: 'delivered', attempts: 1, last_status_code: 201 })
      expect(delivery.last_response_excerpt).toMatch(/^message SM[0-9a-f]{32}$/)
    }
    expect(deliveries.map((d) => d.request_headers.To).sort()).toEqual(['+••••••••678', '+••••••••999'])
  })

  it('texts a phone listed in two channels only once, and never a channel that is off or follows other topics', async () => {
    await createSmsChannel(['+447700900123'])
    await createSmsChannel(['+447700900123', '+447700900456'])
    await createSmsChannel(['+447700900789'], ['refund'])
    const off = await createSmsChannel(['+447700900999'])
    await admin.request('PATCH', `/api/notifications/channels/${off.id}`, { enabled: false })

    await publishOrder()
    await platform.drain()
    expect(twilio.messagesTo('+447700900123')).toHaveLength(1)
    expect(twilio.messagesTo('+447700900456')).toHaveLength(1)
    expect(twilio.messagesTo('+447700900789')).toEqual([])
    expect(twilio.messagesTo('+447700900999')).toEqual([])
  })

  it('waits as long as Twilio’s 429 asks, logs its error code and message, then sends the same text', async () => {
    const room = await createSmsChannel(['+61491570156'])
    twilio.refuseNext({ status: 429, code: 20429, message: 'Too Many Requests', retryAfter: '30', to: '+61491570156' })
    await publishOrder()
    await platform.drain()

    const [waiting] = await deliveriesOf(room)
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 429 })
    expect(waiting?.last_error).toBe('HTTP 429 (code 20429): Too Many Requests')
    expect(JSON.parse(waiting?.last_response_excerpt ?? '{}')).toMatchObject({
      code: 20429,
      message: 'Too Many Requests',
    })
    expect(new Date(waiting?.next_attempt_at ?? '').getTime() - now.getTime()).toBe(30_000)
    expect(twilio.messagesTo('+61491570156')).toEqual([])

    now = new Date(now.getTime() + 29_000)
    await platform.drain()
    expect(twilio.messagesTo('+61491570156')).toEqual([])
    now = new Date(now.getTime() + 1_000)
    await platform.drain()
    expect(twilio.messagesTo('+61491570156')).toHaveLength(1)
    expect((await deliveriesOf(room))[0]).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 201 })
  })

  it('ends a text Twilio refuses for good (400, code 21211) after that one attempt, failed, with Twilio’s reason', async () => {
    const room = await createSmsChannel(['+15005550001'])
    twilio.refuseNext({
      status: 400,
      code: 21211,
      message: "The 'To' number +15005550001 is not a valid phone number.",
      to: '+15005550001',
    })
    await publishOrder()
    await platform.drain()

    const [refused] = await deliveriesOf(room)
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 400, next_attempt_at: null })
    // Twilio's reason, with the phone it names masked like everywhere the log shows a stored phone.
    expect(refused?.last_error).toBe("HTTP 400 (code 21211): The 'To' number +••••••••001 is not a valid phone number.")
    expect(refused?.last_response_excerpt).toContain('"code":21211')
    expect(JSON.stringify(refused)).not.toContain('5005550001')

    // The fake would take it now: a retry would send it. None comes, however long we wait.
    now = new Date(now.getTime() + 2 * 60 * 60_000)
    await platform.drain()
    expect(twilio.messagesTo('+15005550001')).toEqual([])
    expect((await deliveriesOf(room))[0]).toMatchObject({ status: 'failed', attempts: 1 })
  })

  it.each([
    ['a 503', '+4915200000503', { status: 503, code: 20503, message: 'Service Unavailable' }],
    ['a 429 without Retry-After', '+4915200000429', { status: 429, code: 20429, message: 'Too Many Requests' }],
    [
      'a full sending queue (400, code 21611)',
      '+4915200021611',
      { status: 400, code: 21611, message: "This 'From' number has exceeded the maximum number of queued messages" },
    ],
  ])('still retries a text after %s, with the backoff, and sends it', async (_, phone, refusal) => {
    const room = await createSmsChannel([phone])
    twilio.refuseNext({ ...refusal, to: phone })
    await publishOrder()
    await platform.drain()

    const [waiting] = await deliveriesOf(room)
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, last_status_code: refusal.status })
    expect(new Date(waiting?.next_attempt_at ?? '').getTime()).toBeGreaterThan(now.getTime())
    now = new Date(now.getTime() + 60 * 60_000)
    await platform.drain()
    expect(twilio.messagesTo(phone)).toHaveLength(1)
    expect((await deliveriesOf(room))[0]).toMatchObject({ status: 'delivered', attempts: 2 })
  })

  it('changes the phones of a channel, forgetting what was sent to a phone taken off', async () => {
    const room = await createSmsChannel(['+4915123456789', '+4915123456000'])
    await publishOrder()
    await platform.drain()
    expect(await deliveriesOf(room)).toHaveLength(2)
    const changed = await admin.request<Room>('PATCH', `/api/notifications/channels/${room.id}`, {
      phones: ['+4915123456789'],
    })
    expect(changed.status).toBe(200)
    expect(changed.body.phones).toEqual(['+••••••••••789'])
    expect(await deliveriesOf(room)).toHaveLength(1)
    expect((await admin.delete(`/api/notifications/channels/${room.id}`)).status).toBe(204)
    expect((await admin.get(`/api/notifications/channels/${room.id}/deliveries`)).status).toBe(404)
  })
})

describe('a channel’s delivery log', () => {
  it('is a 404 with a code for a channel that does not exist', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const response = await admin.get<{ code: string }>(`/api/notifications/channels/${id}/deliveries`)
      expect(response.status).toBe(404)
      expect(response.body.code).toBe('chat_channel_not_found')
    }
  })

  it('is for admins only: 401 without a session, 403 for an ambassador or a shopper', async () => {
    const room = await createSmsChannel(['+15550100777'])
    const url = `/api/notifications/channels/${room.id}/deliveries`
    expect((await testClient(platform.app).get(url)).status).toBe(401)
    for (const role of ['ambassador', 'shopper'] as const) {
      const someone = await platform.signIn({
        ...adminUser,
        id: randomUUID(),
        email: `${role}-${randomUUID()}@example.com`,
        role,
      })
      expect((await someone.get(url)).status).toBe(403)
    }
  })
})

describe('bad SMS channels', () => {
  const base = { kind: 'sms', name: 'Phones', topics: ['new_order'] }
  it.each([
    ['no phones', { ...base }, 'invalid_phone_numbers'],
    ['an empty list', { ...base, phones: [] }, undefined],
    ['a number without its country code', { ...base, phones: ['06 12 34 56 78'] }, 'invalid_phone_numbers'],
    ['letters', { ...base, phones: ['+1 555 CALL NOW'] }, 'invalid_phone_numbers'],
    ['a number too long for E.164', { ...base, phones: ['+1234567890123456'] }, 'invalid_phone_numbers'],
    [
      'more than 10 phones',
      { ...base, phones: Array.from({ length: 11 }, (_, i) => `+1555010${1000 + i}`) },
      undefined,
    ],
    ['a webhook URL', { ...base, phones: ['+15550100999'], url: 'https://example.com/hook' }, 'invalid_webhook_url'],
    ['an unknown topic', { ...base, phones: ['+15550100999'], topics: ['everything'] }, 'invalid_topics'],
    [
      'phones on a Slack channel',
      { ...base, kind: 'slack', url: 'https://example.com/h', phones: ['+15550100999'] },
      'invalid_phone_numbers',
    ],
  ])('refuses %s (400)', async (_, body, code) => {
    const response = await admin.post<{ code: string }>('/api/notifications/channels', body)
    expect(response.status).toBe(400)
    if (code) expect(response.body.code).toBe(code)
  })

  it.each([
    ['created', 'POST'],
    ['changed', 'PATCH'],
  ])('names the number the admin typed when a channel %s with it is refused', async (_, method) => {
    const url =
      method === 'POST'
        ? '/api/notifications/channels'
        : `/api/notifications/channels/${(await createSmsChannel(['+15550100999'])).id}`
    const response = await admin.request<{ code: string; message: string }>(method, url, {
      ...(method === 'POST' ? base : {}),
      phones: ['+1 555 010 0999', '+1 555'],
    })
    expect(response.status).toBe(400)
    expect(response.body.code).toBe('invalid_phone_numbers')
    // As typed, spaces and all: only the bad one (the message's example number is +15551234567).
    expect(response.body.message).toMatch(/: \+1 555$/)
  })
})
