import { randomUUID } from 'node:crypto'
import type { EventEnvelope, OrderRefundedData } from '@ambassador/contracts/events'
import { orderNumberOf } from '@ambassador/contracts/order-number'
import { listDeadLetters, requeueDeadLetters } from '@ambassador/kit/events/dead-letters'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { eq } from 'drizzle-orm'
import { PDFParse } from 'pdf-parse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { queueOrderEmails } from './emails.ts'
import { emailService } from './index.ts'
import { deadLetters, emails, tables } from './schema.ts'
import { completedOrder, userData } from './test-events.ts'

type LogEntry = {
  id: string
  to: string
  subject: string
  status: string
  attempts: number
  last_error: string | null
  created_at: string
  sent_at: string | null
}
type MailboxEntry = { id: string; from: string; to: string; subject: string; received_at: string }
type Message = MailboxEntry & {
  text: string
  html: string
  attachments: { index: number; filename: string; content_type: string; size: number }[]
}

let platform: TestPlatform
const anonymous = () => testClient(platform.app)
const ada = userData('ambassador', 'Ada', 'ada@example.com')
const ops = userData('admin', 'Olga', 'ops@example.com')
let boss: TestClient

// Every test gets an email service of its own (a fresh database is cheap) with one admin, Boss, signed in.
beforeEach(async () => {
  platform = await startTestPlatform([emailService], {
    ADMIN_NOTIFY_EMAILS: 'orders@example.com, BOSS@example.com',
  })
  boss = await platform.signIn(userData('admin', 'Boss', 'boss@example.com'))
})
afterEach(() => platform?.close())

const loggedInAdmin = async () => boss

/** Ada (an ambassador) and Olga (a second admin) become known, as the users service announces them. */
async function adaAndOlgaRegister() {
  await platform.publish('user.registered', ada.id, ada)
  await platform.publish('user.registered', ops.id, ops)
  await platform.drain()
}

/** Ada and Olga are known, and Charles's order through Ada's link completes. */
async function adaSells(overrides: Parameters<typeof completedOrder>[1] = {}) {
  await adaAndOlgaRegister()
  const order = await platform.publish('order.completed', randomUUID(), completedOrder(ada.id, overrides))
  await platform.drain()
  return order
}

function emailContext() {
  const ctx = platform.contexts.get('email')
  if (!ctx) throw new Error('the email service is not running')
  return ctx
}

async function mailbox(client: TestClient) {
  const list = await client.get<MailboxEntry[]>('/api/admin/mailbox')
  expect(list.status).toBe(200)
  return list.body
}

async function message(client: TestClient, to: string, subject: string) {
  const entry = (await mailbox(client)).find((m) => m.to === to && m.subject === subject)
  if (!entry) throw new Error(`no message to ${to} about "${subject}"`)
  const read = await client.get<Message>(`/api/admin/mailbox/${entry.id}`)
  expect(read.status).toBe(200)
  return read.body
}

describe('mail caused by events', () => {
  it('mails the customer, the ambassador and the admins about a refund, once however often it arrives', async () => {
    const order = await adaSells({ first_name: '<b>Charles</b>' })
    const widget = order.data.items[0]
    if (!widget) throw new Error('the order has no widget line')
    const refund: OrderRefundedData = {
      id: randomUUID(),
      order_id: order.data.id,
      link_id: order.data.link_id,
      code: order.data.code,
      ambassador_id: ada.id,
      first_name: '<b>Charles</b>',
      last_name: 'Babbage',
      email: order.data.email,
      currency: 'USD',
      amount_minor: 1999,
      admin_revenue_minor: 1799,
      ambassador_revenue_minor: 200,
      items: [
        {
          order_item_id: widget.id,
          product_id: widget.product_id,
          product_title: widget.product_title,
          quantity: 1,
          amount_minor: 1999,
          admin_revenue_minor: 1799,
          ambassador_revenue_minor: 200,
        },
      ],
      order_total_minor: 5997,
      order_refunded_minor: 1999,
      order_completed_at: order.data.completed_at,
      refunded_at: new Date().toISOString(),
    }
    const event = await platform.publish('order.refunded', order.data.id, refund)
    await platform.redeliver(event)
    await platform.drain()

    const number = orderNumberOf(order.data.id)
    const rows = await emailContext().db.select().from(emails).where(eq(emails.eventId, event.id))
    expect(rows.map((r) => `${r.kind} ${r.to} ${r.subject}`).sort()).toEqual([
      `admin-refund boss@example.com Refund issued: $19.99 on order #${number}`,
      `admin-refund ops@example.com Refund issued: $19.99 on order #${number}`,
      `admin-refund orders@example.com Refund issued: $19.99 on order #${number}`,
      'commission-reversed ada@example.com Commission reversed: $2.00 on link abc123',
      `refund-receipt charles@example.com Your Ambassador refund of $19.99 for order #${number}`,
    ])
    const client = await loggedInAdmin()
    const receipt = await message(
      client,
      'charles@example.com',
      `Your Ambassador refund of $19.99 for order #${number}`,
    )
    expect(receipt.text).toContain('1 × Widget: $19.99')
    expect(receipt.text).toContain('Your order now comes to $39.98.')
    expect(receipt.html).toContain('&lt;b&gt;Charles&lt;/b&gt;')
    expect(receipt.html).not.toContain('<b>Charles')
    const reversal = await message(client, 'ada@example.com', 'Commission reversed: $2.00 on link abc123')
    expect(reversal.text).toContain('1 × Widget: $2.00 reversed')
    expect(reversal.text).not.toContain('charles@example.com')
  })

  it('welcomes the ambassador, then mails the receipt, the sale and the admin notices for a completed order', async () => {
    const order = await adaSells()

    const client = await loggedInAdmin()
    const log = await client.get<LogEntry[]>('/api/admin/emails')
    expect(log.status).toBe(200)
    const receipt = `Your Ambassador order #${orderNumberOf(order.data.id)} is confirmed`
    const notice = 'New order: $59.97 via abc123'
    expect(log.body.map(({ to, subject, status }) => ({ to, subject, status }))).toEqual(
      expect.arrayContaining([
        { to: 'ada@example.com', subject: 'Welcome to Ambassador, Ada', status: 'sent' },
        { to: 'charles@example.com', subject: receipt, status: 'sent' },
        { to: 'ada@example.com', subject: 'You earned $6.00 from link abc123', status: 'sent' },
        { to: 'boss@example.com', subject: notice, status: 'sent' },
        { to: 'ops@example.com', subject: notice, status: 'sent' },
        { to: 'orders@example.com', subject: notice, status: 'sent' },
      ]),
    )
    expect(log.body).toHaveLength(6)
    for (const entry of log.body)
      expect(entry).toMatchObject({ attempts: 1, last_error: null, sent_at: expect.any(String) })
    const created = log.body.map((e) => e.created_at)
    expect(created).toEqual([...created].sort().reverse())

    const messages = await mailbox(client)
    expect(messages.map(({ to, subject }) => `${to} ${subject}`).sort()).toEqual(
      log.body.map(({ to, subject }) => `${to} ${subject}`).sort(),
    )
    expect(new Set(messages.map((m) => m.from))).toEqual(new Set(['Ambassador <no-reply@ambassador.local>']))

    const receiptText = (await message(client, 'charles@example.com', receipt)).text
    expect(receiptText).toContain('2 × Widget at $19.99 = $39.98')
    expect(receiptText).toContain('1 × Gadget at $19.99 = $19.99')
    expect(receiptText).toContain('Total paid: $59.97')
    expect((await message(client, 'ada@example.com', 'You earned $6.00 from link abc123')).text).toContain(
      'You earned $6.00.',
    )
    const noticeText = (await message(client, 'ops@example.com', notice)).text
    expect(noticeText).toContain('Store revenue: $53.97')
    expect(noticeText).toContain('Ambassador commission: $6.00')
    expect(noticeText).toContain('Charles Babbage <charles@example.com>')
  })

  it('mails a shop order no ambassador referred to the customer and the admins only, with its coupon discount', async () => {
    await adaAndOlgaRegister()
    const order = await platform.publish(
      'order.completed',
      randomUUID(),
      completedOrder(ada.id, {
        link_id: null,
        code: null,
        ambassador_id: null,
        total_minor: 5397,
        discount_minor: 600,
        coupon_code: 'SPRING',
        ambassador_revenue_minor: 0,
        admin_revenue_minor: 5397,
      }),
    )
    await platform.drain()

    const log = (await boss.get<LogEntry[]>('/api/admin/emails')).body.filter((e) => !e.subject.startsWith('Welcome'))
    const receipt = `Your Ambassador order #${orderNumberOf(order.data.id)} is confirmed`
    const notice = 'New order: $53.97 in the shop'
    expect(log.map(({ to, subject }) => `${to} ${subject}`).sort()).toEqual(
      [
        `charles@example.com ${receipt}`,
        `boss@example.com ${notice}`,
        `ops@example.com ${notice}`,
        `orders@example.com ${notice}`,
      ].sort(),
    )
    const receiptText = (await message(boss, 'charles@example.com', receipt)).text
    expect(receiptText).toContain('Discount (SPRING): −$6.00')
    expect(receiptText).toContain('Total paid: $53.97')
    expect(receiptText).not.toContain('Recommended by')
  })

  it('attaches the order’s invoice to the receipt, as a PDF the admin can download from the mailbox', async () => {
    const order = await adaSells({ invoice_number: 'INV-000123', payment_reference: 'pi_test_9' })
    const receipt = `Your Ambassador order #${orderNumberOf(order.data.id)} is confirmed`
    const read = await message(boss, 'charles@example.com', receipt)
    expect(read.attachments).toEqual([
      { index: 0, filename: 'invoice-INV-000123.pdf', content_type: 'application/pdf', size: expect.any(Number) },
    ])
    const file = await platform.app.inject({
      method: 'GET',
      url: `/api/admin/mailbox/${read.id}/attachments/0`,
      headers: { cookie: boss.cookie ?? '' },
    })
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    const parser = new PDFParse({ data: new Uint8Array(file.rawPayload) })
    const text = (await parser.getText()).text
    await parser.destroy()
    expect(text).toContain('Invoice INV-000123')
    expect(text).toContain('Payment reference: pi_test_9')
    // The sale mail to the ambassador carries no invoice: it is the customer's.
    const sale = await message(boss, 'ada@example.com', 'You earned $6.00 from link abc123')
    expect(sale.attachments).toEqual([])
  })

  it('sends nothing more when the same order.completed is delivered again', async () => {
    const order = await adaSells()
    const client = await loggedInAdmin()
    const before = (await client.get<LogEntry[]>('/api/admin/emails')).body
    await platform.redeliver(order)
    await platform.redeliver(order)
    await platform.drain()
    expect((await client.get<LogEntry[]>('/api/admin/emails')).body).toEqual(before)
    expect(await mailbox(client)).toHaveLength(before.length)
  })

  it('queues each mail of an event once even when its handler runs again', async () => {
    const order = await adaSells()
    const ctx = emailContext()
    await queueOrderEmails(ctx, order)
    await queueOrderEmails(ctx, order)
    const rows = await ctx.db.select().from(emails).where(eq(emails.eventId, order.id))
    expect(rows.map((r) => `${r.kind} ${r.to}`).sort()).toEqual([
      'admin-order boss@example.com',
      'admin-order ops@example.com',
      'admin-order orders@example.com',
      'ambassador-sale ada@example.com',
      'order-receipt charles@example.com',
    ])
  })

  it('escapes what customers typed in the HTML of the mails', async () => {
    const script = '<script>alert("x")</script>'
    const event = await adaSells({ first_name: script, address: '<img src=x onerror=alert(1)>' })
    const client = await loggedInAdmin()
    const receipt = await message(
      client,
      'charles@example.com',
      `Your Ambassador order #${orderNumberOf(event.data.id)} is confirmed`,
    )
    const notice = await message(client, 'ops@example.com', 'New order: $59.97 via abc123')
    for (const { html } of [receipt, notice]) {
      expect(html).not.toContain('<script')
      expect(html).not.toContain('<img')
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    }
    expect(receipt.text).toContain(`Hi ${script},`)
  })

  it('waits for an ambassador it has not heard of yet instead of dropping the order', async () => {
    const newcomer = {
      id: randomUUID(),
      first_name: 'Late',
      last_name: 'Comer',
      email: 'late@example.com',
      role: 'ambassador' as const,
    }
    const early = eventOf('order.completed', completedOrder(newcomer.id, { email: 'early@example.com' }), new Date())
    // The order overtakes the registration (they travel on different streams): it must wait, not be parked.
    const orderArrives = platform.redeliver(early).catch((error: Error) => error)
    await platform.publish('user.registered', newcomer.id, newcomer)
    const outcome = await orderArrives
    if (outcome instanceof Error) expect(outcome.message).toMatch(/No recipient is known/)
    await platform.redeliver(early) // the transport's next attempt
    await platform.drain()
    const ctx = emailContext()
    expect(await ctx.db.select().from(deadLetters).where(eq(deadLetters.eventId, early.id))).toEqual([])
    const sent = await ctx.db.select().from(emails).where(eq(emails.eventId, early.id))
    expect(sent.map((e) => e.to)).toEqual(expect.arrayContaining(['early@example.com', 'late@example.com']))
  })

  it('parks an order whose ambassador never appears, after an hour of waiting, and keeps mailing the next orders', async () => {
    await adaAndOlgaRegister()
    const stranger = randomUUID()
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    const orphan = eventOf('order.completed', completedOrder(stranger), twoHoursAgo)
    await platform.redeliver(orphan)
    const next = await platform.publish(
      'order.completed',
      randomUUID(),
      completedOrder(ada.id, { email: 'next@example.com' }),
    )
    await platform.drain()

    const ctx = emailContext()
    const parked = await ctx.db.select().from(deadLetters).where(eq(deadLetters.eventId, orphan.id))
    expect(parked).toEqual([
      expect.objectContaining({
        consumer: 'email',
        type: 'order.completed',
        attempts: 3,
        error: expect.stringContaining(stranger),
      }),
    ])
    expect(await ctx.db.select().from(emails).where(eq(emails.eventId, orphan.id))).toEqual([])
    const sent = await ctx.db.select().from(emails).where(eq(emails.eventId, next.id))
    expect(sent).toHaveLength(5)
    expect(sent.every((e) => e.status === 'sent')).toBe(true)
  })

  it('sends a parked order once its ambassador is known and the dead letter is requeued, and only that once', async () => {
    const latecomer = userData('ambassador', 'Very', 'very-late@example.com')
    const orphan = eventOf('order.completed', completedOrder(latecomer.id), new Date(Date.now() - 2 * 60 * 60 * 1000))
    await platform.redeliver(orphan)
    await platform.drain()
    const ctx = emailContext()
    const parked = (await listDeadLetters(ctx.db, tables)).find((letter) => letter.eventId === orphan.id)
    expect(parked).toMatchObject({ consumer: 'email', type: 'order.completed', attempts: 3 })

    // The cause is fixed (the account arrives after all); the operator sends the parked order through again.
    await platform.publish('user.registered', latecomer.id, latecomer)
    expect(await requeueDeadLetters(ctx.db, 'email', tables, [parked?.id ?? ''])).toBe(1)
    await platform.drain()

    expect((await listDeadLetters(ctx.db, tables)).map((letter) => letter.eventId)).not.toContain(orphan.id)
    const sent = await ctx.db.select().from(emails).where(eq(emails.eventId, orphan.id))
    expect(sent.map((e) => e.to)).toContain('very-late@example.com')
    const count = sent.length
    await platform.redeliver(orphan) // the original event again: the inbox has it now
    await platform.drain()
    expect(await ctx.db.select().from(emails).where(eq(emails.eventId, orphan.id))).toHaveLength(count)
  })

  it('writes to the address from the latest user.updated', async () => {
    await adaAndOlgaRegister()
    const moved = await platform.publish('user.updated', ada.id, { ...ada, email: 'Ada.New@Example.com' })
    // A late copy of an older change (a replay) must not send her mail to the address she left.
    await platform.redeliver({
      ...moved,
      id: randomUUID(),
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      data: ada,
    })
    const event = await platform.publish('order.completed', randomUUID(), completedOrder(ada.id))
    await platform.drain()
    const rows = await emailContext().db.select().from(emails).where(eq(emails.eventId, event.id))
    expect(rows.find((r) => r.kind === 'ambassador-sale')?.to).toBe('ada.new@example.com')
  })
})

describe('mailbox', () => {
  it.each([
    ['an unknown id', randomUUID()],
    ['a non-uuid id', 'not-a-uuid'],
    ['an injection attempt', "1' OR '1'='1"],
  ])('answers 404 for %s', async (_name, id) => {
    const client = await loggedInAdmin()
    const response = await client.get(`/api/admin/mailbox/${encodeURIComponent(id)}`)
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' })
  })
})

describe.each(['/api/admin/emails', '/api/admin/mailbox', `/api/admin/mailbox/${randomUUID()}`])('%s', (url) => {
  it('answers 401 to an anonymous caller', async () => {
    expect((await anonymous().get(url)).status).toBe(401)
  })

  it('answers 403 to an ambassador', async () => {
    const client = await platform.signIn(userData('ambassador', 'Amb', `amb-${randomUUID()}@example.com`))
    expect((await client.get(url)).status).toBe(403)
  })
})

function eventOf<T extends 'order.completed'>(
  type: T,
  data: EventEnvelope<T>['data'],
  occurredAt: Date,
): EventEnvelope<T> {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: occurredAt.toISOString(),
    key: data.id,
    data,
  } as EventEnvelope<T>
}
