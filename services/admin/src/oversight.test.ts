import { randomUUID } from 'node:crypto'
import type { OrderCompletedData, OrderRefundedData, UserData } from '@ambassador/contracts/events'
import type { Order as OrderView } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { completedOrderData, userData } from '@ambassador/kit/testing/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminService } from './index.ts'
import { deadLetters } from './schema.ts'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startTestPlatform([adminService])
  admin = await platform.signIn(userData({ role: 'admin', email: 'boss@example.com' }))
})
afterAll(() => platform?.close())

function ambassador(overrides: Partial<UserData> = {}): UserData {
  return {
    id: newId(),
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada@example.com',
    role: 'ambassador',
    ...overrides,
  }
}

async function publishLink(userId: string, code: string) {
  const link = { id: newId(), code, user_id: userId, product_ids: [newId()], created_at: new Date().toISOString() }
  await platform.publish('link.created', link.id, link)
  return link
}

/** An order of two mugs at 19.99 and one poster at 5.00, with a 10% commission. */
function completedOrder(link: { id: string; code: string; user_id: string }, completedAt: string): OrderCompletedData {
  const lines = [
    { title: 'Mug', price_minor: 1999, quantity: 2 },
    { title: 'Poster', price_minor: 500, quantity: 1 },
  ]
  return completedOrderData(
    { ambassadorId: link.user_id, linkId: link.id, code: link.code, lines },
    { completed_at: completedAt },
  )
}

/** The order as GET orders shows it. */
function orderView(order: OrderCompletedData) {
  return {
    id: order.id,
    name: 'Charles Babbage',
    email: 'charles@example.com',
    total: 40.48,
    code: order.code,
    amount_paid: 44.98,
    discount: 0,
    coupon_code: null,
    refunded: 0,
    ambassador_revenue: 4.5,
    completed_at: order.completed_at,
    order_items: order.items.map((item) => ({
      id: item.id,
      product_id: item.product_id,
      product_title: item.product_title,
      price: item.price_minor / 100,
      quantity: item.quantity,
      discount: 0,
      admin_revenue: item.admin_revenue_minor / 100,
      ambassador_revenue: item.ambassador_revenue_minor / 100,
      refunded_quantity: 0,
      refunded: 0,
    })),
  }
}

describe('ambassadors', () => {
  it('lists ambassadors announced by the users service, and not admins', async () => {
    const ada = ambassador()
    await platform.publish('user.registered', ada.id, ada)
    const boss = ambassador({ email: 'second-boss@example.com', role: 'admin' })
    await platform.publish('user.registered', boss.id, boss)

    const listed = await admin.get<{ id: string }[]>('/api/admin/ambassadors')
    expect(listed.status).toBe(200)
    expect(listed.body).toContainEqual({
      id: ada.id,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
    })
    expect(listed.body.map((u) => u.id)).not.toContain(boss.id)
    expect(JSON.stringify(listed.body)).not.toMatch(/boss@example\.com|role/)
  })

  it('pages the ambassadors when asked, in the order of the whole list, which clients that do not ask still get', async () => {
    for (const first_name of ['Pia', 'Quinn', 'Rosa']) {
      const person = ambassador({ first_name })
      await platform.publish('user.registered', person.id, person)
    }
    const whole = (await admin.get<{ id: string }[]>('/api/admin/ambassadors')).body
    expect(whole.length).toBeGreaterThanOrEqual(3)

    type Page = { data: { id: string }[]; total: number; page: number; last_page: number }
    const lastPage = Math.ceil(whole.length / 2)
    const pages: Page[] = []
    for (let page = 1; page <= lastPage + 1; page++) {
      const response = await admin.get<Page>(`/api/admin/ambassadors?page=${page}&per_page=2`)
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ total: whole.length, page, last_page: lastPage })
      pages.push(response.body)
    }
    expect(pages.flatMap((p) => p.data)).toEqual(whole)
    expect(pages.at(-1)?.data).toEqual([]) // past the last page: empty, not an error
    expect((await admin.get('/api/admin/ambassadors?page=0')).status).toBe(400)
    expect((await admin.get('/api/admin/ambassadors?page=1&per_page=201')).status).toBe(400)
  })

  it('shows one ambassador by id, and answers 404 for an admin, an unknown id or a malformed one', async () => {
    const ada = ambassador()
    const boss = ambassador({ role: 'admin', email: 'third-boss@example.com' })
    await platform.publish('user.registered', ada.id, ada)
    await platform.publish('user.registered', boss.id, boss)
    const found = await admin.get(`/api/admin/ambassadors/${ada.id}`)
    expect(found.status).toBe(200)
    expect(found.body).toEqual({ id: ada.id, first_name: 'Ada', last_name: 'Lovelace', email: ada.email })
    for (const id of [boss.id, newId(), 'not-a-uuid']) {
      const response = await admin.get<{ code: string }>(`/api/admin/ambassadors/${id}`)
      expect(response.status, id).toBe(404)
      expect(response.body.code).toBe('not_found')
    }
  })

  it('shows the new name after user.updated, however often it is delivered', async () => {
    const joan = ambassador({ first_name: 'Joan', last_name: 'Clarke', email: 'joan@example.com' })
    await platform.publish('user.registered', joan.id, joan)
    const renamed = await platform.publish('user.updated', joan.id, { ...joan, last_name: 'Murray' })
    await platform.redeliver(renamed)
    // A late copy of the registration (a replay) does not put the old name back.
    await platform.redeliver({
      ...renamed,
      id: newId(),
      type: 'user.registered',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      data: joan,
    })
    const ambassadors = (await admin.get<{ id: string }[]>('/api/admin/ambassadors')).body
    expect(ambassadors.filter((u) => u.id === joan.id)).toEqual([
      { id: joan.id, first_name: 'Joan', last_name: 'Murray', email: 'joan@example.com' },
    ])
  })
})

describe('links and orders', () => {
  it("shows a user's links with their completed orders, and every order in GET orders", async () => {
    const ada = ambassador({ email: 'ada-links@example.com' })
    await platform.publish('user.registered', ada.id, ada)
    const busy = await publishLink(ada.id, 'busyCode')
    const quiet = await publishLink(ada.id, 'quietCode')
    const earlier = completedOrder(busy, '2030-01-01T10:00:00.000Z')
    const later = completedOrder(busy, '2030-01-02T10:00:00.000Z')
    await platform.publish('order.completed', earlier.id, earlier)
    await platform.publish('order.completed', later.id, later)

    const links = await admin.get(`/api/admin/users/${ada.id}/links`)
    expect(links.status).toBe(200)
    expect(links.body).toEqual([
      { id: quiet.id, code: 'quietCode', orders: [] },
      { id: busy.id, code: 'busyCode', orders: [orderView(later), orderView(earlier)] },
    ])

    const orders = await admin.get<{ id: string }[]>('/api/admin/orders')
    expect(orders.status).toBe(200)
    expect(orders.body.slice(0, 2)).toEqual([orderView(later), orderView(earlier)])

    const newest = await admin.get('/api/admin/orders?limit=1')
    expect(newest.body).toEqual([orderView(later)])
    expect((await admin.get('/api/admin/orders?limit=0')).status).toBe(400)
  })

  it('pages the orders, newest first, when asked, and gives the whole list to clients that do not ask', async () => {
    const before = (await admin.get<unknown[]>('/api/admin/orders')).body.length
    const person = ambassador({ email: 'pages@example.com' })
    await platform.publish('user.registered', person.id, person)
    const link = await publishLink(person.id, 'PAGED001')
    const future = Date.parse('2100-01-01T00:00:00.000Z') // newer than anything else in this file
    const mine = Array.from({ length: 5 }, (_, i) => completedOrder(link, new Date(future + i * 1000).toISOString()))
    for (const order of mine) await platform.publish('order.completed', order.id, order)

    type Page = { data: { id: string }[]; total: number; page: number; last_page: number }
    const first = await admin.get<Page>('/api/admin/orders?page=1&per_page=2')
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ total: before + 5, page: 1, last_page: Math.ceil((before + 5) / 2) })
    expect(first.body.data.map((o) => o.id)).toEqual([mine[4]?.id, mine[3]?.id])
    const second = await admin.get<Page>('/api/admin/orders?page=2&per_page=2')
    expect(second.body.data.map((o) => o.id)).toEqual([mine[2]?.id, mine[1]?.id])
    expect((await admin.get<unknown[]>('/api/admin/orders')).body).toHaveLength(before + 5)
    expect((await admin.get('/api/admin/orders?page=1&per_page=500')).status).toBe(400)
  })

  it('records an order once, whether the event is redelivered or announced again', async () => {
    const ada = ambassador({ email: 'ada-twice@example.com' })
    await platform.publish('user.registered', ada.id, ada)
    const link = await publishLink(ada.id, 'twiceCode')
    const order = completedOrder(link, '2020-06-01T12:00:00.000Z')
    const event = await platform.publish('order.completed', order.id, order)
    const before = (await admin.get('/api/admin/orders')).body

    await platform.redeliver(event)
    await platform.publish('order.completed', order.id, order)
    await platform.publish('link.created', link.id, link)

    expect((await admin.get('/api/admin/orders')).body).toEqual(before)
    // A handler that choked on the repeat would park it here instead of answering with the same state.
    expect(await platform.contexts.get('admin')?.db.select().from(deadLetters)).toEqual([])
    expect((await admin.get(`/api/admin/users/${ada.id}/links`)).body).toEqual([
      { id: link.id, code: 'twiceCode', orders: [orderView(order)] },
    ])
  })

  it('nets a refund out of the order, its line and the summary, once however often it is delivered', async () => {
    const ada = ambassador({ email: 'ada-refund@example.com' })
    await platform.publish('user.registered', ada.id, ada)
    const link = await publishLink(ada.id, 'refundCode')
    const order = completedOrder(link, new Date().toISOString())
    await platform.publish('order.completed', order.id, order)
    const summaryBefore = (await admin.get<{ revenue: number; commissions: number }>('/api/admin/summary')).body
    const mug = order.items[0]
    if (!mug) throw new Error('the order has no mug line')
    const refund: OrderRefundedData = {
      id: newId(),
      order_id: order.id,
      link_id: link.id,
      code: link.code,
      ambassador_id: ada.id,
      first_name: 'Charles',
      last_name: 'Babbage',
      email: 'charles@example.com',
      currency: 'USD',
      amount_minor: 1999,
      admin_revenue_minor: 1799,
      ambassador_revenue_minor: 200,
      items: [
        {
          order_item_id: mug.id,
          product_id: mug.product_id,
          product_title: mug.product_title,
          quantity: 1,
          amount_minor: 1999,
          admin_revenue_minor: 1799,
          ambassador_revenue_minor: 200,
        },
      ],
      order_total_minor: 4498,
      order_refunded_minor: 1999,
      order_completed_at: order.completed_at,
      refunded_at: new Date().toISOString(),
    }
    const event = await platform.publish('order.refunded', order.id, refund)
    await platform.redeliver(event)

    const shown = (await admin.get<OrderView[]>('/api/admin/orders')).body.find((o) => o.id === order.id)
    expect(shown).toMatchObject({ refunded: 19.99, total: 22.49, ambassador_revenue: 2.5 })
    expect(shown?.order_items[0]).toMatchObject({ refunded_quantity: 1, refunded: 19.99, ambassador_revenue: 2 })
    const summary = (await admin.get<{ revenue: number; commissions: number }>('/api/admin/summary')).body
    expect(Math.round((summaryBefore.revenue - summary.revenue) * 100)).toBe(1999)
    expect(Math.round((summaryBefore.commissions - summary.commissions) * 100)).toBe(200)
  })

  it('shows links whose user has not been announced yet', async () => {
    const userId = newId()
    const link = await publishLink(userId, 'earlyCode')
    expect((await admin.get(`/api/admin/users/${userId}/links`)).body).toEqual([
      { id: link.id, code: 'earlyCode', orders: [] },
    ])
  })

  it('answers an empty list for a known user without links', async () => {
    const ada = ambassador({ email: 'ada-none@example.com' })
    await platform.publish('user.registered', ada.id, ada)
    const response = await admin.get(`/api/admin/users/${ada.id}/links`)
    expect(response.status).toBe(200)
    expect(response.body).toEqual([])
  })

  it.each([
    ['an unknown user', randomUUID()],
    ['an id that is not a uuid', 'not-a-uuid'],
  ])('answers 404 for the links of %s', async (_case, id) => {
    const response = await admin.get(`/api/admin/users/${id}/links`)
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ statusCode: 404, message: 'User not found' })
  })
})
