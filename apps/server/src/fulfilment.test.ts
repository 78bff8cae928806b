import type { BulkFulfilmentResult, Cart, OrderDetail } from '@ambassador/contracts/http'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { sql } from 'drizzle-orm'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient
let productId: string

beforeAll(async () => {
  platform = await startWholePlatform()
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
  const product = await admin.post<{ id: string }>('/api/admin/products', {
    title: 'Walnut Tray',
    description: 'For breakfast in bed',
    image: '',
    price: 42,
  })
  productId = product.body.id
  await platform.drain()
})
afterAll(() => platform?.close())

const customer = (email: string) => ({
  first_name: 'Grace',
  last_name: 'Hopper',
  email,
  address: '1 Harbour St',
  country: 'USA',
  city: 'Arlington',
  zip: '22201',
})

/** A shop order of one tray for `email`, paid unless told otherwise; its id. */
async function orderFor(email: string, pay = true): Promise<string> {
  const shopper = testClient(platform.app)
  await shopper.post<Cart>('/api/store/cart/lines', { product_id: productId, quantity: 1 })
  const session = await shopper.post<{ id: string; url: string }>('/api/store/cart/checkout', customer(email))
  expect(session.status).toBe(201)
  if (pay) {
    expect(
      (await shopper.post(new URL(session.body.url).pathname, { card_number: '4242 4242 4242 4242' })).status,
    ).toBe(303)
    await shopper.post('/api/checkout/orders/confirm', { source: session.body.id })
  }
  await platform.drain()
  // The order behind the payment session (unpaid ones never reach the admin's list).
  const found = await platform.contexts
    .get('checkout')
    ?.db.execute<{ id: string }>(sql`SELECT id FROM checkout.orders WHERE payment_session_id = ${session.body.id}`)
  return found?.rows[0]?.id ?? ''
}

async function mailTo(email: string) {
  await platform.drain()
  const mailbox = await admin.get<{ id: string; to: string; subject: string }[]>('/api/admin/mailbox')
  return mailbox.body.filter((m) => m.to === email).map((m) => m.subject)
}

describe('fulfilment', () => {
  it('takes a paid order through fulfilled, shipped and delivered, with a timeline, and mails the shopper each step', async () => {
    const email = 'steps@example.com'
    const id = await orderFor(email)
    expect((await admin.get<OrderDetail>(`/api/admin/orders/${id}`)).body.stage).toBe('paid')

    const fulfilled = await admin.post<OrderDetail>(`/api/admin/orders/${id}/fulfil`)
    expect(fulfilled.status).toBe(200)
    expect(fulfilled.body.stage).toBe('fulfilled')
    const shipped = await admin.post<OrderDetail>(`/api/admin/orders/${id}/ship`, {
      carrier: 'DHL',
      tracking_number: 'JD0123456789',
      tracking_url: 'https://track.example.com/JD0123456789',
    })
    expect(shipped.body).toMatchObject({ stage: 'shipped', carrier: 'DHL', tracking_number: 'JD0123456789' })
    const delivered = await admin.post<OrderDetail>(`/api/admin/orders/${id}/deliver`)
    expect(delivered.body.stage).toBe('delivered')
    expect(delivered.body.timeline.map((step) => step.stage)).toEqual([
      'placed',
      'paid',
      'fulfilled',
      'shipped',
      'delivered',
    ])
    const adminId = delivered.body.timeline.at(-1)?.actor_id
    expect(adminId).toMatch(/^[0-9a-f-]{36}$/)
    expect(delivered.body.timeline.find((step) => step.stage === 'shipped')?.detail).toBe('DHL JD0123456789')

    const subjects = await mailTo(email)
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/order #\w+ is confirmed/),
        expect.stringMatching(/order #\w+ is packed/),
        expect.stringMatching(/order #\w+ has shipped/),
        expect.stringMatching(/order #\w+ was delivered/),
      ]),
    )
    const mailbox = await admin.get<{ id: string; to: string; subject: string }[]>('/api/admin/mailbox')
    const shippedMail = mailbox.body.find((m) => m.to === email && m.subject.includes('has shipped'))
    const text = (await admin.get<{ text: string }>(`/api/admin/mailbox/${shippedMail?.id}`)).body.text
    expect(text).toContain('Carrier: DHL, tracking number JD0123456789')
    expect(text).toContain('https://track.example.com/JD0123456789')
  })

  it('refuses a step that skips one, goes back, or moves an unpaid order, with 409 and the reason', async () => {
    const id = await orderFor('skips@example.com')
    const skip = await admin.post<{ code: string; message: string }>(`/api/admin/orders/${id}/deliver`)
    expect(skip.status).toBe(409)
    expect(skip.body).toMatchObject({
      code: 'order_stage',
      message: expect.stringContaining('the next step is fulfil'),
    })
    await admin.post(`/api/admin/orders/${id}/fulfil`)
    const again = await admin.post<{ message: string }>(`/api/admin/orders/${id}/fulfil`)
    expect(again.status).toBe(409)
    expect(again.body.message).toContain('already fulfilled')

    const unpaid = await orderFor('unpaid@example.com', false)
    const early = await admin.post<{ message: string }>(`/api/admin/orders/${unpaid}/fulfil`)
    expect(early.status).toBe(409)
    expect(early.body.message).toContain('never paid')
    expect((await admin.post(`/api/admin/orders/${crypto.randomUUID()}/fulfil`)).status).toBe(404)
    const noTracking = await admin.post(`/api/admin/orders/${id}/ship`, { carrier: 'DHL' })
    expect(noTracking.status).toBe(400)
  })

  it('moves many orders at once, each on its own: the ones that cannot move say why', async () => {
    const [first, second] = [await orderFor('bulk1@example.com'), await orderFor('bulk2@example.com')]
    await admin.post(`/api/admin/orders/${first}/fulfil`)
    const shipped = await admin.post<Static<typeof BulkFulfilmentResult>>('/api/admin/orders/fulfilment', {
      order_ids: [first, second],
      stage: 'shipped',
      carrier: 'UPS',
      tracking_number: '1Z999',
    })
    expect(shipped.status).toBe(200)
    expect(shipped.body).toEqual([
      { order_id: first, ok: true, status: 'shipped' },
      { order_id: second, ok: false, error: expect.stringContaining('the next step is fulfil'), code: 'order_stage' },
    ])
  })

  it('lets anyone with the order number and email follow it, and tells a wrong number or email nothing', async () => {
    const email = 'Track.Me@example.com'
    const id = await orderFor(email)
    await admin.post(`/api/admin/orders/${id}/fulfil`)
    await admin.post(`/api/admin/orders/${id}/ship`, { carrier: 'DHL', tracking_number: 'JD42' })
    const number = id.replace(/-/g, '').slice(-8).toUpperCase()
    const stranger = testClient(platform.app)
    const tracked = await stranger.get<Record<string, unknown>>(
      `/api/store/track?order=%23${number.toLowerCase()}&email=${encodeURIComponent('track.me@EXAMPLE.com')}`,
    )
    expect(tracked.status).toBe(200)
    expect(tracked.body).toMatchObject({
      number,
      stage: 'shipped',
      carrier: 'DHL',
      tracking_number: 'JD42',
      lines: [{ title: 'Walnut Tray', quantity: 1 }],
    })
    expect((tracked.body.timeline as { stage: string }[]).map((step) => step.stage)).toEqual([
      'placed',
      'paid',
      'fulfilled',
      'shipped',
    ])
    // Nothing about the address, the payment or who moved it.
    expect(JSON.stringify(tracked.body)).not.toMatch(/Harbour|actor|price|payment/)
    for (const query of [
      `order=${number}&email=someone@example.com`,
      `order=00000000&email=${encodeURIComponent(email)}`,
      `order=nonsense&email=${encodeURIComponent(email)}`,
    ]) {
      const miss = await stranger.get<{ message: string }>(`/api/store/track?${query}`)
      expect(miss.status).toBe(404)
      expect(miss.body.message).toBe('No order has that number and email')
    }
  })
})
