import { randomBytes, randomUUID } from 'node:crypto'
import { orderNumberOf } from '@ambassador/contracts/order-number'
import { newId } from '@ambassador/kit/ids/ids'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { eq } from 'drizzle-orm'
import type { AddressObject } from 'mailparser'
import { afterEach, describe, expect, it } from 'vitest'
import { CLAIM_LEASE_MS, messageIdOf, RETRY_DELAYS_MS } from './delivery.ts'
import { createEmailService } from './index.ts'
import { LINK_LEFT_OUT } from './one-time-links.ts'
import { emails, mailboxMessages } from './schema.ts'
import { createSmtpTransport } from './smtp.ts'
import { completedOrder, userData } from './test-events.ts'
import { type ReceivedMessage, startSmtpServer, type TestSmtpServer } from './testing/smtp-server.ts'

type LogEntry = { to: string; subject: string; status: string; attempts: number; last_error: string | null }

/** A clock the test moves by hand, so a retry's back-off passes without waiting. */
function manualClock() {
  let now = Date.now()
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms
    },
  }
}

const ada = userData('ambassador', 'Ada', 'ada@example.com')
const hostile = '<script>alert(1)</script>'
const started: { close(): Promise<void> }[] = []

afterEach(async () => {
  // Platforms first (their transports stop sending), then the servers they sent to.
  for (const running of started.splice(0).reverse()) await running.close()
})

/** An email service that delivers to `server` over SMTP (SMTP_URL), with a clock of the test's if given. */
async function startPlatformSendingTo(server: TestSmtpServer, clock?: ReturnType<typeof manualClock>) {
  const platform = await startTestPlatform([createEmailService({ clock })], {
    SMTP_URL: server.url,
    ADMIN_NOTIFY_EMAILS: 'orders@example.com',
    STORE_NAME: 'Acme Shop',
  })
  started.push(platform)
  return platform
}

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const server = await startSmtpServer(options)
  started.unshift(server)
  return server
}

function emailDb(platform: TestPlatform) {
  const ctx = platform.contexts.get('email')
  if (!ctx) throw new Error('the email service is not running')
  return ctx.db
}

async function adminLog(admin: TestClient) {
  const log = await admin.get<LogEntry[]>('/api/admin/emails')
  expect(log.status).toBe(200)
  return log.body
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((group) => group.value.map((a) => a.address ?? ''))
}

function messageTo(server: TestSmtpServer, to: string, subject: string): ReceivedMessage {
  const found = server.kept.filter((m) => m.envelopeTo.includes(to) && m.mail.subject === subject)
  expect(found, `one message to ${to} about "${subject}"`).toHaveLength(1)
  return found[0] as ReceivedMessage
}

describe('delivery over SMTP', () => {
  it("delivers a completed order's receipt, sale and admin mails, in text and HTML, with the customer's name escaped", async () => {
    const server = await smtpServer()
    const platform = await startPlatformSendingTo(server)
    await platform.publish('user.registered', ada.id, ada)
    const order = await platform.publish(
      'order.completed',
      randomUUID(),
      completedOrder(ada.id, { first_name: hostile, last_name: 'Babbage' }),
    )
    await platform.drain()

    expect(server.kept.map((m) => m.envelopeTo.join()).sort()).toEqual([
      'ada@example.com',
      'ada@example.com',
      'charles@example.com',
      'orders@example.com',
    ])
    for (const { mail, envelopeTo } of server.kept) {
      expect(addresses(mail.to)).toEqual(envelopeTo)
      expect(addresses(mail.from)).toEqual(['no-reply@ambassador.local'])
    }

    const receipt = messageTo(
      server,
      'charles@example.com',
      `Your Acme Shop order #${orderNumberOf(order.data.id)} is confirmed`,
    ).mail
    expect(receipt.text).toContain(`Hi ${hostile},`)
    expect(receipt.text).toContain('2 × Widget at $19.99 = $39.98')
    expect(receipt.text).toContain('Total paid: $59.97')
    expect(receipt.text).toContain('Recommended by Ada Tester.')
    expect(receipt.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;,')
    expect(receipt.html).toContain('Acme Shop</a>')
    expect(receipt.html).toContain('Recommended by Ada Tester.')

    const sale = messageTo(server, 'ada@example.com', 'You earned $6.00 from link abc123').mail
    expect(sale.text).toContain('You earned $6.00.')
    expect(sale.html).toContain('You earned $6.00')

    const notice = messageTo(server, 'orders@example.com', 'New order: $59.97 via abc123').mail
    expect(notice.text).toContain(`Customer: ${hostile} Babbage <charles@example.com>`)
    expect(notice.html).toContain('Customer: &lt;script&gt;alert(1)&lt;/script&gt; Babbage')

    const welcome = messageTo(server, 'ada@example.com', 'Welcome to Acme Shop, Ada').mail
    expect(welcome.text).toContain('Your ambassador account at Acme Shop is ready.')
    for (const { mail } of server.kept) {
      expect(mail.text).toMatch(/^Acme Shop\n/)
      expect(mail.html).toContain('<!doctype html>')
      expect(mail.html).not.toContain('<script')
    }
  })

  it('keeps a copy of every mail the server accepted in the local mailbox, under the same Message-ID', async () => {
    const server = await smtpServer()
    const platform = await startPlatformSendingTo(server)
    const admin = await platform.signIn(userData('admin', 'Boss', 'boss@example.com'))
    await platform.publish('user.registered', ada.id, ada)
    await platform.publish('order.completed', randomUUID(), completedOrder(ada.id))
    await platform.drain()

    const copies = await emailDb(platform).select().from(mailboxMessages)
    expect(copies.map((c) => c.messageId).sort()).toEqual(server.kept.map((m) => m.mail.messageId).sort())
    for (const copy of copies) {
      const sent = server.kept.find((m) => m.mail.messageId === copy.messageId)
      expect(copy).toMatchObject({ to: sent?.envelopeTo[0], subject: sent?.mail.subject })
    }
    const listed = await admin.get<{ subject: string }[]>('/api/admin/mailbox')
    expect(listed.body.map((m) => m.subject).sort()).toEqual(server.kept.map((m) => m.mail.subject).sort())
  })

  it('retries a message the server answered 451, and delivers it once, with the same Message-ID both times', async () => {
    const server = await smtpServer({
      onMessage: (_message, n) => (n === 1 ? { code: 451, text: '4.3.0 Try again later' } : 'accept'),
    })
    const clock = manualClock()
    const platform = await startPlatformSendingTo(server, clock)
    const admin = await platform.signIn(userData('admin', 'Boss', 'boss@example.com'))
    await platform.publish('user.registered', ada.id, ada)
    await platform.drain()

    expect(server.received).toHaveLength(1)
    expect(server.kept).toHaveLength(0)
    const [deferred] = await adminLog(admin)
    expect(deferred).toMatchObject({ to: 'ada@example.com', status: 'queued', attempts: 1 })
    expect(deferred?.last_error).toContain('451 4.3.0 Try again later')

    clock.advance(RETRY_DELAYS_MS[0])
    await platform.drain()
    clock.advance(24 * 60 * 60_000)
    await platform.drain()

    expect(server.received).toHaveLength(2)
    expect(server.kept).toHaveLength(1)
    const [first, second] = server.received.map((m) => m.mail.messageId)
    expect(first).toMatch(/^<[0-9a-f-]{36}@ambassador\.local>$/)
    expect(second).toBe(first)
    expect(await adminLog(admin)).toEqual([
      expect.objectContaining({ to: 'ada@example.com', status: 'sent', attempts: 2, last_error: null }),
    ])
    expect(await emailDb(platform).select().from(mailboxMessages)).toHaveLength(1)
  })

  it('sends again after the server hung up without answering the message data, and the server keeps it once', async () => {
    const server = await smtpServer({ onMessage: (_message, n) => (n === 1 ? 'drop' : 'accept') })
    const clock = manualClock()
    const platform = await startPlatformSendingTo(server, clock)
    await platform.publish('user.registered', ada.id, ada)
    await platform.drain()

    const db = emailDb(platform)
    const rows = () => db.select().from(emails)
    expect(server.received).toHaveLength(1)
    expect(server.kept).toHaveLength(0)
    expect(await rows()).toEqual([
      expect.objectContaining({ status: 'queued', attempts: 1, lastError: 'Connection closed unexpectedly' }),
    ])

    clock.advance(RETRY_DELAYS_MS[0])
    await platform.drain()
    clock.advance(24 * 60 * 60_000)
    await platform.drain()

    expect(server.received).toHaveLength(2)
    expect(server.kept).toHaveLength(1)
    expect(server.kept[0]?.mail.messageId).toBe(server.received[0]?.mail.messageId)
    expect(await rows()).toEqual([expect.objectContaining({ status: 'sent', attempts: 2, lastError: null })])
  })

  it('fails a mail the server refused with 550 at once, with its answer in the log, and never tries it again', async () => {
    const server = await smtpServer({
      onRecipient: (address) =>
        address === 'bounce@example.com' ? { code: 550, text: '5.1.1 <bounce@example.com>: no such user' } : undefined,
    })
    const clock = manualClock()
    const platform = await startPlatformSendingTo(server, clock)
    const admin = await platform.signIn(userData('admin', 'Boss', 'boss@example.com'))
    await platform.publish('user.registered', ada.id, ada)
    await platform.publish('order.completed', randomUUID(), completedOrder(ada.id, { email: 'bounce@example.com' }))
    await platform.drain()
    clock.advance(7 * 24 * 60 * 60_000)
    await platform.drain()

    const log = await adminLog(admin)
    const refused = log.find((entry) => entry.to === 'bounce@example.com')
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 })
    expect(refused?.last_error).toContain('550 5.1.1 <bounce@example.com>: no such user')
    expect(log.filter((entry) => entry.to !== 'bounce@example.com').map((entry) => entry.status)).toEqual([
      'sent',
      'sent',
      'sent',
      'sent',
    ])
    expect(server.received.flatMap((m) => m.envelopeTo)).not.toContain('bounce@example.com')
    const copies = await emailDb(platform).select().from(mailboxMessages)
    expect(copies.map((c) => c.to)).not.toContain('bounce@example.com')
  })
})

/** A one-time link as the users service mails it: its secret in the query, at the platform's own address. */
async function publishAccountLink(
  platform: TestPlatform,
  type: 'user.sign_in_link_requested' | 'user.password_reset_requested',
  email: string,
) {
  const secret = randomBytes(32).toString('base64url')
  const path = type === 'user.sign_in_link_requested' ? '/account/magic' : '/admin/reset-password'
  const url = new URL(path, emailContext(platform).config.publicUrl)
  url.searchParams.set('token', secret)
  if (type === 'user.sign_in_link_requested') url.searchParams.set('next', '/account/orders')
  const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString()
  const data = { email, first_name: 'Grace', role: 'shopper' as const, url: url.href, expires_at: expiresAt }
  await platform.publish(type, randomUUID(), data)
  return { secret, url: url.href }
}

function emailContext(platform: TestPlatform) {
  const ctx = platform.contexts.get('email')
  if (!ctx) throw new Error('the email service is not running')
  return ctx
}

async function mailboxMessagesOf(admin: TestClient) {
  const listed = await admin.get<{ id: string }[]>('/api/admin/mailbox')
  return Promise.all(
    listed.body.map(
      async (m) => (await admin.get<{ to: string; text: string; html: string }>(`/api/admin/mailbox/${m.id}`)).body,
    ),
  )
}

describe('one-time links (sign-in, password reset) over SMTP', () => {
  it('go to the recipient in full, while the mailbox copy an admin can read has the link left out', async () => {
    const server = await smtpServer()
    const platform = await startPlatformSendingTo(server)
    const admin = await platform.signIn(userData('admin', 'Boss', 'boss@example.com'))
    const signIn = await publishAccountLink(platform, 'user.sign_in_link_requested', 'grace@example.com')
    const reset = await publishAccountLink(platform, 'user.password_reset_requested', 'other-admin@example.com')
    await platform.drain()

    for (const [to, link] of [
      ['grace@example.com', signIn],
      ['other-admin@example.com', reset],
    ] as const) {
      const [sent] = server.kept.filter((m) => m.envelopeTo.includes(to))
      expect(sent?.mail.text).toContain(link.url)
      expect(sent?.mail.html).toContain(`href="${link.url.replaceAll('&', '&amp;')}"`)
    }

    const copies = await mailboxMessagesOf(admin)
    expect(copies.map((c) => c.to).sort()).toEqual(['grace@example.com', 'other-admin@example.com'])
    for (const copy of copies) {
      for (const secret of [signIn.secret, reset.secret]) {
        expect(copy.text).not.toContain(secret)
        expect(copy.html).not.toContain(secret)
      }
      expect(copy.text).not.toContain('token=')
      expect(copy.html).not.toContain('token=')
      expect(copy.text).toContain(LINK_LEFT_OUT)
      expect(copy.html).toContain(LINK_LEFT_OUT)
    }
  })

  it('keep no secret in the mail log once sent, or once refused for good', async () => {
    const server = await smtpServer({
      onRecipient: (address) =>
        address === 'bounce@example.com' ? { code: 550, text: '5.1.1 <bounce@example.com>: no such user' } : undefined,
    })
    const platform = await startPlatformSendingTo(server)
    const signIn = await publishAccountLink(platform, 'user.sign_in_link_requested', 'grace@example.com')
    const refused = await publishAccountLink(platform, 'user.password_reset_requested', 'bounce@example.com')
    await platform.drain()

    const rows = await emailDb(platform).select().from(emails)
    expect(rows.map((r) => [r.to, r.kind, r.status]).sort()).toEqual([
      ['bounce@example.com', 'password-reset', 'failed'],
      ['grace@example.com', 'sign-in-link', 'sent'],
    ])
    for (const row of rows) {
      for (const secret of [signIn.secret, refused.secret]) {
        expect(row.text).not.toContain(secret)
        expect(row.html).not.toContain(secret)
      }
      expect(row.text).not.toContain('token=')
      expect(row.html).not.toContain('token=')
      expect(row.text).toContain(LINK_LEFT_OUT)
    }
    expect(messageTo(server, 'grace@example.com', 'Your Acme Shop sign-in link').mail.text).toContain(signIn.url)
  })
})

describe('a restart in the middle of a send', () => {
  it('sends the mail again only after its claim lapsed, with the Message-ID the first attempt carried', async () => {
    const server = await smtpServer()
    const clock = manualClock()
    const platform = await startPlatformSendingTo(server, clock)
    const ctx = platform.contexts.get('email')
    if (!ctx) throw new Error('the email service is not running')
    // What a worker that died leaves behind: the mail claimed (attempt 1 counted, leased) and handed to the server,
    // and the process gone before it recorded `sent`.
    const id = newId()
    const now = clock.now().getTime()
    const mail = { to: 'ada@example.com', subject: 'Welcome', text: 'Hi', html: '<p>Hi</p>' }
    await ctx.db.insert(emails).values({
      id,
      eventId: newId(),
      kind: 'welcome',
      ...mail,
      status: 'queued',
      attempts: 1,
      nextAttemptAt: new Date(now + CLAIM_LEASE_MS).toISOString(),
      createdAt: new Date(now).toISOString(),
    })
    const messageId = messageIdOf(id, ctx.config.mailFrom)
    await createSmtpTransport(server.url).send({ messageId, from: ctx.config.mailFrom, ...mail })

    await platform.drain()
    expect(server.received).toHaveLength(1)

    clock.advance(CLAIM_LEASE_MS)
    await platform.drain()
    clock.advance(24 * 60 * 60_000)
    await platform.drain()
    expect(server.received.map((m) => m.mail.messageId)).toEqual([messageId, messageId])
    expect(await ctx.db.select().from(emails)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })])
  })
})

describe('the local mailbox without SMTP_URL', () => {
  it('stays the transport, storing one message per mail', async () => {
    const platform = await startTestPlatform([createEmailService()])
    started.push(platform)
    await platform.publish('user.registered', ada.id, ada)
    await platform.drain()
    const db = emailDb(platform)
    const [mail] = await db.select().from(emails)
    const copies = await db.select().from(mailboxMessages).where(eq(mailboxMessages.to, 'ada@example.com'))
    expect(copies).toEqual([expect.objectContaining({ messageId: `<${mail?.id}@ambassador.local>` })])
  })

  it('delivers a one-time link in full to the mailbox, which is its delivery, and keeps none in the mail log', async () => {
    const platform = await startTestPlatform([createEmailService()])
    started.push(platform)
    const admin = await platform.signIn(userData('admin', 'Boss', 'boss@example.com'))
    const link = await publishAccountLink(platform, 'user.sign_in_link_requested', 'grace@example.com')
    await platform.drain()

    const [delivered] = await mailboxMessagesOf(admin)
    expect(delivered?.to).toBe('grace@example.com')
    expect(delivered?.text).toContain(link.url)
    expect(delivered?.html).toContain(link.secret)
    const [row] = await emailDb(platform).select().from(emails)
    expect(row).toMatchObject({ kind: 'sign-in-link', status: 'sent' })
    expect(row?.text).not.toContain('token=')
    expect(row?.html).not.toContain('token=')
    expect(row?.html).not.toContain(link.secret)
  })
})
