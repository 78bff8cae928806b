import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { Clock } from '@ambassador/kit/clock/clock'
import type { Database } from '@ambassador/kit/db/database'
import { AppError, badRequest, notFound, paymentRequired } from '@ambassador/kit/errors/errors'
import type { HttpApp } from '@ambassador/kit/http/server'
import type { Logger } from '@ambassador/kit/log/log'
import { and, asc, eq, sql } from 'drizzle-orm'
import { testPaymentRefunds, testPaymentSessions, testPaymentWebhooks } from '../schema.ts'
import {
  type PaymentEvent,
  type PaymentProvider,
  type PaymentSessionState,
  type ProviderRefund,
  SESSION_ID_PLACEHOLDER,
  type WebhookHeaders,
} from './provider.ts'

/** Where the test provider delivers its webhooks: checkout's own route, reached through the real HTTP app. */
export const TEST_WEBHOOK_PATH = '/api/checkout/webhooks/test-provider'
export const TEST_SIGNATURE_HEADER = 'test-provider-signature'

/** How old a signed webhook may be (Stripe's default), so a captured one cannot be replayed days later. */
const SIGNATURE_TOLERANCE_SECONDS = 300

/** The cards the pay page lists, as Stripe's test mode knows them. */
export const TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'Succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'Declined' },
  { number: '4000 0000 0000 9995', outcome: 'Declined: insufficient funds' },
  { number: '4000 0000 0000 0069', outcome: 'Declined: expired card' },
] as const

const DECLINES = new Map([
  ['4000000000000002', 'Your card was declined.'],
  ['4000000000009995', 'Your card has insufficient funds.'],
  ['4000000000000069', 'Your card has expired.'],
])

export type TestPaymentSession = typeof testPaymentSessions.$inferSelect

/** The test provider: a PaymentProvider plus what its own pay page needs. */
export type TestPaymentProvider = PaymentProvider & {
  /** The session behind a pay page, or undefined when there is none. */
  findSession(id: string): Promise<TestPaymentSession | undefined>
  /** Charges a test card; on success marks the session paid once and notifies checkout. Returns the session. */
  paySession(id: string, cardNumber: string): Promise<TestPaymentSession>
  /** Sends the recorded notifications checkout has not taken yet (a crash, a refusal); returns how many it tried. */
  deliverDueWebhooks(): Promise<number>
}

type TestProviderOptions = {
  db: Database
  clock: Clock
  log: Logger
  publicUrl: string
  /** The HTTP app checkout's routes live on: webhooks go through the real route and its signature check. */
  app: Pick<HttpApp, 'inject'>
  /** Fixed only in tests; otherwise a random secret for this process. */
  webhookSecret?: string
}

/** The test provider's session ids: `cs_test_` and 48 hex digits, like the ones `createSession` makes. */
export function isTestSessionId(id: string): boolean {
  return /^cs_test_[0-9a-f]{48}$/.test(id)
}

/** The path of a session's pay page (GET shows it, POST pays). */
export function testSessionPath(id: string): string {
  return `/api/checkout/test-provider/sessions/${encodeURIComponent(id)}`
}

/** The signature header value for a webhook body, in Stripe's scheme: `t=<unix>,v1=<hmac-sha256 hex>`. */
export function signTestWebhook(secret: string, rawBody: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmac(secret, `${timestampSeconds}.${rawBody}`)}`
}

/** A local payment provider that behaves like Stripe Checkout: hosted pay page, test cards, signed webhooks. */
export function createTestPaymentProvider(options: TestProviderOptions): TestPaymentProvider {
  const { db, clock, log } = options
  const secret = options.webhookSecret ?? `whsec_${randomBytes(32).toString('hex')}`

  async function findSession(id: string) {
    const [session] = await db.select().from(testPaymentSessions).where(eq(testPaymentSessions.id, id))
    return session
  }

  /**
   * Sends one recorded notification through checkout's real webhook route; marks it delivered when checkout took it
   * (200), else leaves it for the delivery worker to try again later. Never throws.
   */
  async function sendWebhook(webhook: { id: string; sessionId: string; attempts: number }) {
    const rawBody = JSON.stringify({
      id: `evt_test_${webhook.id}`,
      type: 'payment.succeeded',
      data: { session_id: webhook.sessionId },
    })
    const signature = signTestWebhook(secret, rawBody, Math.floor(clock.now().getTime() / 1000))
    let delivered = false
    try {
      const response = await options.app.inject({
        method: 'POST',
        url: TEST_WEBHOOK_PATH,
        headers: { 'content-type': 'application/json', [TEST_SIGNATURE_HEADER]: signature },
        payload: rawBody,
      })
      delivered = response.statusCode === 200
      if (!delivered)
        log.warn({ sessionId: webhook.sessionId, status: response.statusCode }, 'test payment webhook refused')
    } catch (error) {
      log.warn({ err: error, sessionId: webhook.sessionId }, 'test payment webhook delivery failed')
    }
    const now = clock.now().getTime()
    await db
      .update(testPaymentWebhooks)
      .set(
        delivered
          ? { deliveredAt: new Date(now).toISOString() }
          : { nextAttemptAt: new Date(now + retryDelayMs(webhook.attempts)).toISOString() },
      )
      .where(eq(testPaymentWebhooks.id, webhook.id))
      .catch((error) => log.warn({ err: error, sessionId: webhook.sessionId }, 'could not record a webhook delivery'))
  }

  /** Sends the notifications that are due (never delivered, not in flight); returns how many it tried. */
  async function deliverDueWebhooks(): Promise<number> {
    const now = clock.now().getTime()
    // Claimed by pushing their next attempt out by the lease: a concurrent pass, or another process, skips them.
    const claimed = await db.execute<{ id: string; session_id: string; attempts: number }>(sql`
      UPDATE ${testPaymentWebhooks} SET attempts = attempts + 1, next_attempt_at = ${new Date(now + DELIVERY_LEASE_MS).toISOString()}
      WHERE id IN (
        SELECT id FROM ${testPaymentWebhooks}
        WHERE delivered_at IS NULL AND next_attempt_at <= ${new Date(now).toISOString()}
        ORDER BY next_attempt_at LIMIT 100 FOR UPDATE SKIP LOCKED
      )
      RETURNING id, session_id, attempts`)
    for (const row of claimed.rows) await sendWebhook({ id: row.id, sessionId: row.session_id, attempts: row.attempts })
    return claimed.rows.length
  }

  return {
    name: 'test',

    async createSession(input) {
      const id = `cs_test_${randomBytes(24).toString('hex')}`
      await db.insert(testPaymentSessions).values({
        id,
        orderId: input.orderId,
        amountMinor: input.amountMinor,
        currency: input.currency,
        status: 'open',
        successUrl: input.successUrl.replaceAll(SESSION_ID_PLACEHOLDER, encodeURIComponent(id)),
        cancelUrl: input.cancelUrl,
        lineItems: input.lineItems,
        createdAt: clock.now().toISOString(),
      })
      return { id, url: `${options.publicUrl}${testSessionPath(id)}` }
    },

    isSessionId: isTestSessionId,

    async expireSession(id) {
      const [expired] = await db
        .update(testPaymentSessions)
        .set({ status: 'expired' })
        .where(and(eq(testPaymentSessions.id, id), eq(testPaymentSessions.status, 'open')))
        .returning({ id: testPaymentSessions.id })
      if (expired) return 'expired'
      const session = await findSession(id)
      return session?.status === 'paid' ? 'paid' : session ? 'expired' : 'unknown'
    },

    deliverDueWebhooks,

    async sessionOfOrder(orderId) {
      const [session] = await db
        .select({ id: testPaymentSessions.id })
        .from(testPaymentSessions)
        .where(eq(testPaymentSessions.orderId, orderId))
      return session?.id
    },

    async retrieveSession(id): Promise<PaymentSessionState | undefined> {
      const session = await findSession(id)
      if (!session) return undefined
      return {
        id: session.id,
        orderId: session.orderId,
        status: session.status,
        amountMinor: session.amountMinor,
        // A test session is paid in one go: the session is the payment refunds are made against.
        paymentId: session.status === 'paid' ? session.id : undefined,
        cardFingerprint: session.cardFingerprint ?? undefined,
      }
    },

    async refund(input): Promise<ProviderRefund> {
      const [earlier] = await db
        .select()
        .from(testPaymentRefunds)
        .where(eq(testPaymentRefunds.refundId, input.refundId))
      if (earlier)
        return { id: earlier.id, amountMinor: earlier.amountMinor, status: 'succeeded', refundId: input.refundId }
      // One statement: the session must be paid and the refunds so far plus this one within what it took; asking
      // again with the same refund id returns the refund already made.
      const made = await db.execute<{ id: string; amount_minor: string | number }>(sql`
        WITH paid AS (
          SELECT s.id, s.amount_minor - coalesce((SELECT sum(r.amount_minor) FROM ${testPaymentRefunds} r
            WHERE r.session_id = s.id), 0) AS left_minor
          FROM ${testPaymentSessions} s WHERE s.id = ${input.paymentId} AND s.status = 'paid' FOR UPDATE OF s
        )
        INSERT INTO ${testPaymentRefunds} (id, session_id, refund_id, amount_minor, created_at)
        SELECT ${`re_test_${randomBytes(12).toString('hex')}`}, paid.id, ${input.refundId}, ${input.amountMinor},
          ${clock.now().toISOString()}
        FROM paid WHERE paid.left_minor >= ${input.amountMinor}
        ON CONFLICT (refund_id) DO UPDATE SET refund_id = EXCLUDED.refund_id
        RETURNING id, amount_minor`)
      const row = made.rows[0]
      if (!row)
        throw badRequest('The test provider refused the refund: more than is left of the payment', 'refund_refused')
      return { id: row.id, amountMinor: Number(row.amount_minor), status: 'succeeded', refundId: input.refundId }
    },

    async listRefunds(paymentId) {
      const rows = await db
        .select()
        .from(testPaymentRefunds)
        .where(eq(testPaymentRefunds.sessionId, paymentId))
        .orderBy(asc(testPaymentRefunds.createdAt))
      return rows.map((r) => ({
        id: r.id,
        amountMinor: r.amountMinor,
        status: 'succeeded' as const,
        refundId: r.refundId,
      }))
    },

    verifyWebhook(rawBody: string, headers: WebhookHeaders): PaymentEvent {
      const header = headers[TEST_SIGNATURE_HEADER]
      const value = Array.isArray(header) ? header[0] : header
      if (!value) throw badRequest(`Missing ${TEST_SIGNATURE_HEADER} header`)
      let timestamp: string | undefined
      const signatures: string[] = []
      for (const part of value.split(',')) {
        const [name, ...rest] = part.trim().split('=')
        if (name === 't') timestamp = rest.join('=')
        if (name === 'v1') signatures.push(rest.join('='))
      }
      if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) {
        throw badRequest(`Malformed ${TEST_SIGNATURE_HEADER} header`)
      }
      const expected = hmac(secret, `${timestamp}.${rawBody}`)
      if (!signatures.some((signature) => equalHex(signature, expected))) throw badRequest('Invalid webhook signature')
      const age = Math.abs(clock.now().getTime() / 1000 - Number(timestamp))
      if (age > SIGNATURE_TOLERANCE_SECONDS) throw badRequest('Webhook timestamp is too old')
      return parseEvent(rawBody)
    },

    findSession,

    async paySession(id, cardNumber) {
      const session = await findSession(id)
      if (!session) throw notFound('Payment session not found')
      // Paying a paid session again is a reload or a double click: just send the customer on.
      if (session.status === 'paid') return session
      if (session.status === 'expired') {
        throw new AppError(410, 'This payment page has expired; place the order again', 'payment_session_expired')
      }
      const digits = cardNumber.replace(/[\s-]/g, '')
      if (!/^\d{12,19}$/.test(digits)) throw badRequest('Enter a card number of 12 to 19 digits')
      const declined = DECLINES.get(digits)
      if (declined) throw paymentRequired(declined)
      if (!passesLuhn(digits)) throw paymentRequired('Your card number is incorrect.')
      // The session is paid and its notification to checkout recorded in one statement, so a crash right after
      // loses neither: the delivery worker sends what is recorded. The notification starts out claimed (in flight),
      // for this request sends it at once.
      const now = clock.now().getTime()
      const webhookId = randomUUID()
      const paid = await db.execute<{ id: string }>(sql`
        WITH paid AS (
          UPDATE ${testPaymentSessions} SET status = 'paid', paid_at = ${new Date(now).toISOString()},
            card_fingerprint = ${cardFingerprintOf(digits)}
          WHERE id = ${id} AND status = 'open' RETURNING id
        )
        INSERT INTO ${testPaymentWebhooks} (id, session_id, attempts, next_attempt_at, created_at)
        SELECT ${webhookId}, paid.id, 1, ${new Date(now + DELIVERY_LEASE_MS).toISOString()}, ${new Date(now).toISOString()}
        FROM paid RETURNING session_id AS id`)
      // Only the request that flipped the session to paid announces it; a concurrent twin just redirects.
      if (paid.rows.length > 0) await sendWebhook({ id: webhookId, sessionId: id, attempts: 1 })
      return (await findSession(id)) ?? session
    },
  }
}

/** How long a notification being sent is left alone before another attempt may take it. */
const DELIVERY_LEASE_MS = 10_000

/** The wait after the nth failed delivery: 1 s, doubling, at most 5 minutes (Stripe retries for days; we are local). */
function retryDelayMs(attempts: number): number {
  return Math.min(5 * 60_000, 1_000 * 2 ** Math.max(0, attempts - 1))
}

function parseEvent(rawBody: string): PaymentEvent {
  let payload: unknown
  try {
    payload = JSON.parse(rawBody)
  } catch {
    throw badRequest('The webhook body is not JSON')
  }
  const event = payload as { id?: unknown; type?: unknown; data?: { session_id?: unknown } } | null
  const sessionId = event?.data?.session_id
  if (event?.type !== 'payment.succeeded' || typeof sessionId !== 'string' || typeof event.id !== 'string') {
    throw badRequest('Unsupported webhook event')
  }
  return { id: event.id, name: 'payment.succeeded', about: 'session', sessionId }
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex')
}

function equalHex(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** What the test provider tells of a card instead of its number: a keyless hash, like Stripe's fingerprint. */
export function cardFingerprintOf(digits: string): string {
  return createHash('sha256').update(`test-card:${digits}`).digest('hex').slice(0, 16)
}

/** The check digit every real card number carries. */
function passesLuhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}
