import { randomUUID } from 'node:crypto'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CLAIM_LEASE_MS,
  createDeliveryWorker,
  DELIVERY_BATCH,
  deliverDueEmails,
  MAX_ATTEMPTS,
  RETRY_DELAYS_MS,
} from './delivery.ts'
import { queueEmails } from './emails.ts'
import { createEmailService } from './index.ts'
import { createMailboxTransport } from './mailbox.ts'
import { emails, mailboxMessages } from './schema.ts'
import { completedOrder, userData } from './test-events.ts'
import { type MailTransport, SEND_TIMEOUT_MS } from './transport.ts'

/** A clock the test moves by hand, so retry back-off can be walked through without waiting. */
function manualClock(start = Date.now()) {
  let now = start
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms
    },
  }
}

const clock = manualClock()
/** Every address the transport was asked to send to, in order, whether it was accepted or not. */
const attempted: string[] = []
let transport: MailTransport | undefined
let platform: TestPlatform

// Stands in for a server that keeps putting one mailbox off (a transient failure, retried): everything else lands
// in the local mailbox. smtp.test.ts covers a real SMTP server's answers, permanent ones included.
const emailService = createEmailService({
  clock,
  transport: (ctx) => {
    const mailbox = createMailboxTransport(ctx.db, ctx.clock)
    transport = {
      async send(mail) {
        attempted.push(mail.to)
        if (mail.to.startsWith('bounce@')) throw new Error('451 4.2.1 <bounce@example.com>: mailbox busy, try later')
        return mailbox.send(mail)
      },
    }
    return transport
  },
})

beforeAll(async () => {
  platform = await startTestPlatform([emailService], { ADMIN_NOTIFY_EMAILS: 'orders@example.com' })
})
afterAll(() => platform?.close())

function emailContext() {
  const base = platform.contexts.get('email')
  if (!base || !transport) throw new Error('the email service is not running')
  return { ...base, clock, transport }
}

/**
 * A clock an hour ahead of the platform's: mail queued by it is not yet due for the platform's own interval worker,
 * so only the pass under test sends it.
 */
function aheadOfThePlatform() {
  return manualClock(clock.now().getTime() + 60 * 60_000)
}

const ada = userData('ambassador', 'Ada', 'ada@example.com')

describe('delivery', () => {
  it('retries a refused mail with back-off, gives it up after 5 attempts, and delivers the others meanwhile', async () => {
    await platform.publish('user.registered', ada.id, ada)
    const order = await platform.publish(
      'order.completed',
      randomUUID(),
      completedOrder(ada.id, { email: 'bounce@example.com' }),
    )
    await platform.drain()

    const { db } = emailContext()
    const rows = () => db.select().from(emails).where(eq(emails.eventId, order.id))
    const receipt = async () => (await rows()).find((r) => r.kind === 'order-receipt')
    expect((await rows()).filter((r) => r.kind !== 'order-receipt').map((r) => [r.to, r.status])).toEqual(
      expect.arrayContaining([
        ['ada@example.com', 'sent'],
        ['orders@example.com', 'sent'],
      ]),
    )
    expect(await receipt()).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: expect.stringContaining('451 4.2.1'),
    })

    // Not retried before its back-off is over, however often the worker runs.
    await platform.drain()
    expect(await receipt()).toMatchObject({ status: 'queued', attempts: 1 })

    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      clock.advance(delay)
      await platform.drain()
      expect(await receipt()).toMatchObject({ attempts: i + 2, status: i + 2 < MAX_ATTEMPTS ? 'queued' : 'failed' })
    }
    expect(await receipt()).toMatchObject({ status: 'failed', attempts: 5, sentAt: null })

    clock.advance(7 * 24 * 60 * 60_000)
    await platform.drain()
    expect(await receipt()).toMatchObject({ status: 'failed', attempts: 5 })
    expect(attempted.filter((to) => to === 'bounce@example.com')).toHaveLength(MAX_ATTEMPTS)
    // Only this test's addresses: the other tests of the file mail others, before or after this one.
    const delivered = await db
      .select()
      .from(mailboxMessages)
      .where(inArray(mailboxMessages.to, ['ada@example.com', 'orders@example.com', 'bounce@example.com']))
    expect(delivered.map((m) => m.to).sort()).toEqual(['ada@example.com', 'ada@example.com', 'orders@example.com'])
  })

  it('never sends a mail twice when workers run at the same time', async () => {
    const ctx = emailContext()
    const eventId = randomUUID()
    const addresses = Array.from({ length: 120 }, (_, i) => `reader-${i}@example.com`)
    await queueEmails(
      ctx,
      eventId,
      addresses.map((to) => ({ kind: 'welcome', to, subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' })),
    )
    attempted.length = 0

    const handled = await Promise.all([deliverDueEmails(ctx), deliverDueEmails(ctx), deliverDueEmails(ctx)])
    await platform.drain()

    expect(handled.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(addresses.length)
    expect([...attempted].sort()).toEqual([...addresses].sort())
    const rows = await ctx.db.select().from(emails).where(eq(emails.eventId, eventId))
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })

  it('mails a backlog of several batches in one worker run, not one batch per tick', async () => {
    const ctx = { ...emailContext(), clock: aheadOfThePlatform() }
    const eventId = randomUUID()
    const addresses = Array.from({ length: DELIVERY_BATCH * 3 + 7 }, (_, i) => `burst-${i}@example.com`)
    await queueEmails(
      ctx,
      eventId,
      addresses.map((to) => ({ kind: 'welcome', to, subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' })),
    )
    expect(await createDeliveryWorker().run(ctx)).toBe(addresses.length)
    const rows = await ctx.db.select().from(emails).where(eq(emails.eventId, eventId))
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(addresses.length)
  })

  it('records each mail sent as soon as it was accepted, before the next one goes out', async () => {
    const base = emailContext()
    const eventId = randomUUID()
    const sentBeforeEachSend: number[] = []
    const ctx = {
      ...base,
      clock: aheadOfThePlatform(),
      transport: {
        async send(mail) {
          const sent = await base.db
            .select()
            .from(emails)
            .where(and(eq(emails.eventId, eventId), eq(emails.status, 'sent')))
          sentBeforeEachSend.push(sent.length)
          return { messageId: mail.messageId }
        },
      } satisfies MailTransport,
    }
    const addresses = ['first@example.com', 'second@example.com', 'third@example.com']
    await queueEmails(
      ctx,
      eventId,
      addresses.map((to) => ({ kind: 'welcome', to, subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' })),
    )
    expect(await deliverDueEmails(ctx)).toBe(addresses.length)
    // A crash during the third send would leave the first two recorded: nothing sends them again.
    expect(sentBeforeEachSend).toEqual([0, 1, 2])
  })

  it('hands back, without counting an attempt, the mails its claim has no time left to send', async () => {
    const base = emailContext()
    const eventId = randomUUID()
    const ahead = aheadOfThePlatform()
    const sentHere: string[] = []
    const ctx = {
      ...base,
      clock: ahead,
      transport: {
        // A slow server: each send uses up most of what is left of the claim.
        async send(mail) {
          sentHere.push(mail.to)
          ahead.advance(CLAIM_LEASE_MS - SEND_TIMEOUT_MS / 2)
          return { messageId: mail.messageId }
        },
      } satisfies MailTransport,
    }
    const addresses = ['slow-1@example.com', 'slow-2@example.com', 'slow-3@example.com']
    await queueEmails(
      ctx,
      eventId,
      addresses.map((to) => ({ kind: 'welcome', to, subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' })),
    )
    expect(await deliverDueEmails(ctx)).toBe(addresses.length)

    expect(sentHere).toHaveLength(1)
    const rows = await base.db.select().from(emails).where(eq(emails.eventId, eventId))
    expect(rows.filter((r) => r.status === 'sent').map((r) => [r.to, r.attempts])).toEqual([[sentHere[0], 1]])
    const handedBack = rows.filter((r) => r.status === 'queued')
    expect(handedBack).toHaveLength(2)
    for (const row of handedBack) {
      expect(row.attempts).toBe(0)
      expect(new Date(row.nextAttemptAt).getTime()).toBeLessThanOrEqual(ahead.now().getTime())
    }
  })

  it('reports no work when nothing is due, so a drain settles', async () => {
    expect(await deliverDueEmails(emailContext())).toBe(0)
  })
})
