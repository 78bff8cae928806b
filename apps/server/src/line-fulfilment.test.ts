import type { BulkFulfilmentResult, FulfilmentQueue, OrderDetail } from '@ambassador/contracts/http'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient
let otherAdmin: TestClient
let adminId: string
/** Walnut Tray, Oak Bowl, Linen Napkins. */
let products: string[]

beforeAll(async () => {
  platform = await startWholePlatform()
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
  // A second session of the admin: another person at another desk, as far as the race below is concerned.
  otherAdmin = testClient(platform.app)
  expect((await otherAdmin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
  adminId = (await admin.get<{ id: string }>('/api/admin/user')).body.id
  products = []
  for (const [title, price] of [
    ['Walnut Tray', 42],
    ['Oak Bowl', 18],
    ['Linen Napkins', 12],
  ] as const) {
    const created = await admin.post<{ id: string }>('/api/admin/products', {
      title,
      description: title,
      image: '',
      price,
    })
    expect(created.status).toBe(201)
    products.push(created.body.id)
  }
  await platform.drain()
})
afterAll(() => platform?.close())

/** A shop order of one of each product (two napkins), paid unless told otherwise; the admin's view of it. */
async function order(email: string, options: { pay?: boolean; lines?: number } = {}): Promise<OrderDetail> {
  const shopper = testClient(platform.app)
  for (const [index, productId] of products.slice(0, options.lines ?? 3).entries()) {
    await shopper.post('/api/store/cart/lines', { product_id: productId, quantity: index === 2 ? 2 : 1 })
  }
  const session = await shopper.post<{ id: string; url: string }>('/api/store/cart/checkout', {
    first_name: 'Grace',
    last_name: 'Hopper',
    email,
    address: '1 Harbour St',
    country: 'USA',
    city: 'Arlington',
    zip: '22201',
  })
  expect(session.status).toBe(201)
  if (options.pay ?? true) {
    expect((await shopper.post(new URL(session.body.url).pathname, { card_number: '4242424242424242' })).status).toBe(
      303,
    )
    expect((await shopper.post('/api/checkout/orders/confirm', { source: session.body.id })).status).toBe(200)
  }
  await platform.drain()
  const found = await checkoutSql<{ id: string }>(
    sql`SELECT id FROM checkout.orders WHERE payment_session_id = ${session.body.id}`,
  )
  return show(found[0]?.id ?? '')
}

async function show(orderId: string) {
  const detail = await admin.get<OrderDetail>(`/api/admin/orders/${orderId}`)
  expect(detail.status).toBe(200)
  return detail.body
}

async function checkoutSql<T extends Record<string, unknown>>(query: ReturnType<typeof sql>) {
  const db = platform.contexts.get('checkout')?.db
  if (!db) throw new Error('no checkout service')
  return (await db.execute<T>(query)).rows
}

const lineOf = (detail: OrderDetail, title: string) => {
  const line = detail.order_items.find((item) => item.product_title === title)
  if (!line) throw new Error(`no ${title} line`)
  return line
}

/** How many order.fulfilled events checkout announced for the order. */
async function fulfilledEvents(orderId: string) {
  const rows = await checkoutSql<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM checkout.outbox WHERE type = 'order.fulfilled' AND key = ${orderId}`,
  )
  return rows[0]?.n
}

const fulfil = (client: TestClient, orderId: string, items?: string[]) =>
  client.post<OrderDetail & { code?: string; message?: string }>(
    `/api/admin/orders/${orderId}/fulfil`,
    items ? { items } : undefined,
  )

describe('packing an order line by line', () => {
  it('packs the lines an admin names, each with who and when, and the order once its last line is packed', async () => {
    const placed = await order('lines@example.com')
    const tray = lineOf(placed, 'Walnut Tray')
    const first = await fulfil(admin, placed.id, [tray.id])
    expect(first.status).toBe(200)
    expect(first.body.stage).toBe('paid')
    expect(lineOf(first.body, 'Walnut Tray')).toMatchObject({ fulfilled_at: expect.any(String), fulfilled_by: adminId })
    expect(lineOf(first.body, 'Oak Bowl')).toMatchObject({ fulfilled_at: null, fulfilled_by: null })
    expect(first.body.timeline.at(-1)).toMatchObject({
      stage: 'partly_fulfilled',
      actor_id: adminId,
      detail: '1 of 3 items packed: Walnut Tray',
    })
    expect(await fulfilledEvents(placed.id)).toBe(0)

    const rest = [lineOf(placed, 'Oak Bowl').id, lineOf(placed, 'Linen Napkins').id]
    const last = await fulfil(admin, placed.id, rest)
    expect(last.status).toBe(200)
    expect(last.body.stage).toBe('fulfilled')
    expect(last.body.order_items.every((item) => item.fulfilled_by === adminId)).toBe(true)
    expect(last.body.timeline.map((step) => [step.stage, step.detail])).toEqual([
      ['placed', null],
      ['paid', null],
      ['partly_fulfilled', '1 of 3 items packed: Walnut Tray'],
      ['fulfilled', '3 of 3 items packed: Oak Bowl, Linen Napkins × 2'],
    ])
    expect(await fulfilledEvents(placed.id)).toBe(1)
    await platform.drain()
    const mail = (await admin.get<{ to: string; subject: string }[]>('/api/admin/mailbox')).body
    expect(mail.filter((m) => m.to === 'lines@example.com' && m.subject.includes('is packed'))).toHaveLength(1)
  })

  it('packs every line left when none are named, whether the request has no body or an empty one', async () => {
    const placed = await order('rest@example.com')
    await fulfil(admin, placed.id, [lineOf(placed, 'Oak Bowl').id])
    const noBody = await admin.request<OrderDetail>('POST', `/api/admin/orders/${placed.id}/fulfil`)
    expect(noBody.status).toBe(200)
    expect(noBody.body.stage).toBe('fulfilled')
    expect(noBody.body.timeline.at(-1)).toMatchObject({
      stage: 'fulfilled',
      detail: '3 of 3 items packed: Walnut Tray, Linen Napkins × 2',
    })

    const whole = await order('whole@example.com')
    const emptyBody = await admin.post<OrderDetail>(`/api/admin/orders/${whole.id}/fulfil`, {})
    expect(emptyBody.body.stage).toBe('fulfilled')
    // Packed in one go: the step needs no "n of m".
    expect(emptyBody.body.timeline.at(-1)).toMatchObject({ stage: 'fulfilled', detail: null })
  })

  it('does not wait for a line refunded in full, and will not pack one', async () => {
    const placed = await order('refunded-line@example.com', { lines: 2 })
    const bowl = lineOf(placed, 'Oak Bowl')
    const refund = await admin.post(`/api/admin/orders/${placed.id}/refunds`, {
      items: [{ order_item_id: bowl.id, quantity: 1 }],
    })
    expect(refund.status).toBe(201)
    const refused = await fulfil(admin, placed.id, [bowl.id])
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('line_refunded')

    const packed = await fulfil(admin, placed.id, [lineOf(placed, 'Walnut Tray').id])
    expect(packed.status).toBe(200)
    expect(packed.body.stage).toBe('fulfilled')
    expect(lineOf(packed.body, 'Oak Bowl').fulfilled_at).toBeNull()
  })

  it('packs the order when a refund takes the last line left to pack, and only then', async () => {
    const placed = await order('refund-finishes@example.com', { lines: 2 })
    expect((await fulfil(admin, placed.id, [lineOf(placed, 'Walnut Tray').id])).body.stage).toBe('paid')
    const refund = await admin.post(`/api/admin/orders/${placed.id}/refunds`, {
      items: [{ order_item_id: lineOf(placed, 'Oak Bowl').id, quantity: 1 }],
    })
    expect(refund.status).toBe(201)
    await platform.drain()
    const after = await show(placed.id)
    expect(after.stage).toBe('fulfilled')
    expect(await fulfilledEvents(placed.id)).toBe(1)
    // Nothing packed yet and a line refunded: still waiting for the packer, with one line to pack.
    const untouched = await order('refund-nothing-packed@example.com', { lines: 2 })
    await admin.post(`/api/admin/orders/${untouched.id}/refunds`, {
      items: [{ order_item_id: lineOf(untouched, 'Oak Bowl').id, quantity: 1 }],
    })
    await platform.drain()
    expect((await show(untouched.id)).stage).toBe('paid')
  })

  describe('refuses what cannot be packed, saying why', () => {
    let placed: OrderDetail
    let other: OrderDetail
    beforeAll(async () => {
      placed = await order('refusals@example.com')
      other = await order('someone-else@example.com')
      await fulfil(admin, placed.id, [lineOf(placed, 'Walnut Tray').id])
    })

    it.each([
      ['an item id nobody has', () => [crypto.randomUUID()], 400, 'order_item_unknown'],
      ['a line of another order', () => [lineOf(other, 'Oak Bowl').id], 400, 'order_item_unknown'],
      ['something that is no id at all', () => ['nonsense'], 400, 'order_item_unknown'],
      ['a line already packed', () => [lineOf(placed, 'Walnut Tray').id], 409, 'already_fulfilled'],
      ['an empty list', () => [], 400, undefined],
    ])('%s', async (_case, items, status, code) => {
      const refused = await fulfil(admin, placed.id, items())
      expect(refused.status).toBe(status)
      if (code) expect(refused.body.code).toBe(code)
      expect(refused.body.message).toEqual(expect.any(String))
      // Nothing else was packed on the way.
      expect((await show(placed.id)).order_items.filter((item) => item.fulfilled_at !== null)).toHaveLength(1)
    })

    it('a line of an order that is not paid', async () => {
      const unpaid = await order('unpaid-lines@example.com', { pay: false })
      const refused = await fulfil(admin, unpaid.id, [lineOf(unpaid, 'Oak Bowl').id])
      expect(refused.status).toBe(409)
      expect(refused.body).toMatchObject({ code: 'order_stage', message: expect.stringContaining('never paid') })
    })

    it('a line of an order packed already', async () => {
      await fulfil(admin, other.id)
      const refused = await fulfil(admin, other.id, [lineOf(other, 'Oak Bowl').id])
      expect(refused.status).toBe(409)
      expect(refused.body).toMatchObject({ code: 'order_stage', message: expect.stringContaining('already fulfilled') })
    })
  })

  it('moves the order exactly once when two admins pack its last two lines at the same moment', async () => {
    const orders = await Promise.all(
      ['race1', 'race2', 'race3', 'race4', 'race5'].map((n) => order(`${n}@example.com`)),
    )
    for (const placed of orders) await fulfil(admin, placed.id, [lineOf(placed, 'Walnut Tray').id])

    await Promise.all(
      orders.map(async (placed) => {
        const [one, two] = await Promise.all([
          fulfil(admin, placed.id, [lineOf(placed, 'Oak Bowl').id]),
          fulfil(otherAdmin, placed.id, [lineOf(placed, 'Linen Napkins').id]),
        ])
        expect([one.status, two.status]).toEqual([200, 200])
      }),
    )
    for (const placed of orders) {
      const now = await show(placed.id)
      expect(now.stage).toBe('fulfilled')
      expect(now.timeline.filter((step) => step.stage === 'fulfilled')).toHaveLength(1)
      expect(now.timeline.filter((step) => step.stage === 'partly_fulfilled')).toHaveLength(2)
      expect(await fulfilledEvents(placed.id)).toBe(1)
    }
  })
})

describe('the fulfilment work list and bulk moves', () => {
  const queue = async (stage: string) => {
    const answer = await admin.get<FulfilmentQueue>(`/api/admin/orders/fulfilment?stage=${stage}&per_page=200`)
    expect(answer.status).toBe(200)
    return answer.body
  }
  const bulk = (body: Record<string, unknown>) =>
    admin.post<BulkFulfilmentResult & { code?: string }>('/api/admin/orders/fulfilment', body)

  it('lists the orders at each stage, oldest payment first, with what is packed and how many wait at each stage', async () => {
    const before = (await queue('paid')).counts
    const [first, second] = [await order('queue1@example.com'), await order('queue2@example.com')]
    await order('queue-unpaid@example.com', { pay: false })
    const toPack = await queue('paid')
    expect(toPack.counts.paid).toBe(before.paid + 2)
    const ids = toPack.data.map((o) => o.id)
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id))
    expect(toPack.data.every((o) => o.stage === 'paid')).toBe(true)

    await fulfil(admin, first.id, [lineOf(first, 'Oak Bowl').id])
    const partly = (await queue('paid')).data.find((o) => o.id === first.id)
    expect(partly).toMatchObject({
      number: first.id.replace(/-/g, '').slice(-8).toUpperCase(),
      name: 'Grace Hopper',
      amount_paid: 84,
    })
    expect(partly?.lines.map((line) => [line.title, line.quantity, line.fulfilled_at !== null])).toEqual(
      expect.arrayContaining([
        ['Oak Bowl', 1, true],
        ['Walnut Tray', 1, false],
        ['Linen Napkins', 2, false],
      ]),
    )

    await fulfil(admin, first.id)
    const after = await queue('fulfilled')
    expect(after.data.map((o) => o.id)).toContain(first.id)
    expect(after.counts.paid).toBe(toPack.counts.paid - 1)
    expect((await queue('paid')).data.map((o) => o.id)).not.toContain(first.id)
    expect((await admin.get('/api/admin/orders/fulfilment?stage=delivered')).status).toBe(400)
  })

  it('packs, ships each order with its own tracking number and marks delivered; an order that cannot move says why', async () => {
    const [one, two, three] = [
      await order('bulk-a@example.com'),
      await order('bulk-b@example.com'),
      await order('bulk-c@example.com'),
    ]
    const packed = await bulk({ order_ids: [one.id, two.id], stage: 'fulfilled' })
    expect(packed.body).toEqual([
      { order_id: one.id, ok: true, status: 'fulfilled' },
      { order_id: two.id, ok: true, status: 'fulfilled' },
    ])

    const shipments = [
      { order_id: one.id, carrier: 'DHL', tracking_number: 'JD001' },
      { order_id: two.id, carrier: 'UPS', tracking_number: '1Z002', tracking_url: 'https://ups.example.com/1Z002' },
      { order_id: three.id, carrier: 'DHL', tracking_number: 'JD003' },
    ]
    const missing = await bulk({
      order_ids: [one.id, two.id, three.id],
      stage: 'shipped',
      shipments: shipments.slice(0, 2),
    })
    expect(missing.status).toBe(400)
    expect(missing.body.code).toBe('shipment_incomplete')
    const stray = await bulk({ order_ids: [one.id], stage: 'shipped', shipments })
    expect(stray.status).toBe(400)
    expect(stray.body.code).toBe('shipment_unknown_order')
    expect((await show(one.id)).stage).toBe('fulfilled')

    const shipped = await bulk({ order_ids: [one.id, two.id, three.id], stage: 'shipped', shipments })
    expect(shipped.status).toBe(200)
    expect(shipped.body).toEqual([
      { order_id: one.id, ok: true, status: 'shipped' },
      { order_id: two.id, ok: true, status: 'shipped' },
      { order_id: three.id, ok: false, error: expect.stringContaining('next step is fulfil'), code: 'order_stage' },
    ])
    expect(await show(one.id)).toMatchObject({ carrier: 'DHL', tracking_number: 'JD001', tracking_url: null })
    expect(await show(two.id)).toMatchObject({
      carrier: 'UPS',
      tracking_number: '1Z002',
      tracking_url: 'https://ups.example.com/1Z002',
    })

    const delivered = await bulk({ order_ids: [two.id], stage: 'delivered' })
    expect(delivered.body).toEqual([{ order_id: two.id, ok: true, status: 'delivered' }])
    const toConfirm = (await queue('shipped')).data.map((o) => o.id)
    expect(toConfirm).toContain(one.id)
    expect(toConfirm).not.toContain(two.id)
    expect((await show(two.id)).timeline.map((step) => step.stage)).toEqual([
      'placed',
      'paid',
      'fulfilled',
      'shipped',
      'delivered',
    ])
  })
})
