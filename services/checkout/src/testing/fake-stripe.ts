import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

/** A request the fake received: method, path (with query), form body decoded into nested objects, headers. */
export type RecordedRequest = {
  method: string
  path: string
  body: Record<string, unknown>
  headers: IncomingMessage['headers']
}

type Session = {
  id: string
  object: 'checkout.session'
  mode: string
  url: string | null
  status: 'open' | 'complete' | 'expired'
  payment_status: 'unpaid' | 'paid'
  amount_total: number
  currency: string
  client_reference_id: string | null
  customer_email: string | null
  metadata: Record<string, string>
  payment_intent: string | null
  success_url: string
  cancel_url: string
}

type Refund = {
  id: string
  object: 'refund'
  amount: number
  payment_intent: string
  status: 'succeeded' | 'pending' | 'failed'
  metadata: Record<string, string>
}

/**
 * A stand-in for the few Stripe endpoints checkout calls (Stripe's servers are out of reach here): Checkout Sessions
 * create / retrieve / expire, refunds create / list. It answers with Stripe-shaped JSON, honours idempotency keys,
 * records every request, and lets a test play the customer (pay), Stripe (expire) and the dashboard (refund), and
 * sign webhook events with the real SDK.
 */
export async function startFakeStripe(webhookSecret: string) {
  const sessions = new Map<string, Session>()
  const cardFingerprints = new Map<string, string>()
  const refunds: Refund[] = []
  const idempotent = new Map<string, { status: number; body: unknown }>()
  const requests: RecordedRequest[] = []
  /** Set by a test: the next N requests are answered with this failure instead. */
  let failNext: { count: number; status: number } | undefined
  const stripe = new Stripe('sk_test_fake')

  const server = createServer((request, response) => {
    let raw = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      raw += chunk
    })
    request.on('end', () => {
      const body = decodeForm(raw)
      const path = request.url ?? '/'
      requests.push({ method: request.method ?? 'GET', path, body, headers: request.headers })
      if (failNext && failNext.count > 0) {
        failNext.count--
        return send(response, failNext.status, stripeError('api_error', 'Something went wrong on the fake'))
      }
      const key = request.headers['idempotency-key']
      const cacheKey = typeof key === 'string' ? `${request.method} ${path.split('?')[0]} ${key}` : undefined
      const earlier = cacheKey ? idempotent.get(cacheKey) : undefined
      if (earlier) return send(response, earlier.status, earlier.body)
      const [status, answer] = route(request.method ?? 'GET', path, body)
      if (cacheKey && status < 500) idempotent.set(cacheKey, { status, body: answer })
      send(response, status, answer)
    })
  })

  function route(method: string, path: string, body: Record<string, unknown>): [number, unknown] {
    const url = new URL(path, 'http://fake')
    const parts = url.pathname.split('/').filter(Boolean)
    if (method === 'POST' && url.pathname === '/v1/checkout/sessions') return [200, createSession(body)]
    if (parts[0] === 'v1' && parts[1] === 'checkout' && parts[2] === 'sessions' && parts[3]) {
      const session = sessions.get(decodeURIComponent(parts[3]))
      if (!session)
        return [
          404,
          stripeError('invalid_request_error', `No such checkout.session: '${parts[3]}'`, 'resource_missing'),
        ]
      if (method === 'GET' && parts.length === 4) {
        // `expand[]=payment_intent.latest_charge`: the intent as an object carrying its charge and card.
        const expand = url.searchParams.getAll('expand[]').concat(url.searchParams.getAll('expand[0]'))
        const intent = session.payment_intent
        if (!expand.includes('payment_intent.latest_charge') || typeof intent !== 'string') return [200, session]
        const card = { fingerprint: cardFingerprints.get(intent) ?? null, brand: 'visa', last4: '4242' }
        const charge = { id: `ch_${intent.slice(3)}`, object: 'charge', payment_method_details: { type: 'card', card } }
        return [200, { ...session, payment_intent: { id: intent, object: 'payment_intent', latest_charge: charge } }]
      }
      if (method === 'POST' && parts[4] === 'expire') {
        if (session.status !== 'open') {
          return [
            400,
            stripeError('invalid_request_error', 'Only Checkout Sessions with a status in ["open"] can be expired.'),
          ]
        }
        session.status = 'expired'
        session.url = null
        return [200, session]
      }
    }
    if (method === 'POST' && url.pathname === '/v1/refunds') return createRefund(body)
    if (method === 'GET' && url.pathname === '/v1/refunds') {
      const intent = url.searchParams.get('payment_intent')
      return [
        200,
        {
          object: 'list',
          url: '/v1/refunds',
          has_more: false,
          data: refunds.filter((r) => r.payment_intent === intent).reverse(),
        },
      ]
    }
    return [404, stripeError('invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname})`)]
  }

  function createSession(body: Record<string, unknown>): Session {
    const lines = Object.values((body.line_items ?? {}) as Record<string, LineItemParam>)
    const id = `cs_test_${randomBytes(20).toString('hex')}`
    const session: Session = {
      id,
      object: 'checkout.session',
      mode: String(body.mode),
      url: `https://checkout.stripe.com/c/pay/${id}`,
      status: 'open',
      payment_status: 'unpaid',
      amount_total: lines.reduce((sum, line) => sum + Number(line.price_data.unit_amount) * Number(line.quantity), 0),
      currency: String(lines[0]?.price_data.currency ?? 'usd'),
      client_reference_id: (body.client_reference_id as string | undefined) ?? null,
      customer_email: (body.customer_email as string | undefined) ?? null,
      metadata: (body.metadata as Record<string, string> | undefined) ?? {},
      payment_intent: null,
      success_url: String(body.success_url),
      cancel_url: String(body.cancel_url),
    }
    sessions.set(id, session)
    return session
  }

  function createRefund(body: Record<string, unknown>): [number, unknown] {
    const intent = String(body.payment_intent)
    const session = [...sessions.values()].find((s) => s.payment_intent === intent)
    if (!session)
      return [404, stripeError('invalid_request_error', `No such payment_intent: '${intent}'`, 'resource_missing')]
    const amount = body.amount === undefined ? undefined : Number(body.amount)
    const left =
      session.amount_total - refunds.filter((r) => r.payment_intent === intent).reduce((s, r) => s + r.amount, 0)
    if (amount !== undefined && amount > left) {
      return [
        400,
        stripeError(
          'invalid_request_error',
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
          'amount_too_large',
        ),
      ]
    }
    const refund = makeRefund(intent, amount ?? left, (body.metadata as Record<string, string> | undefined) ?? {})
    return [200, refund]
  }

  function makeRefund(intent: string, amount: number, metadata: Record<string, string>): Refund {
    const refund: Refund = {
      id: `re_${randomBytes(12).toString('hex')}`,
      object: 'refund',
      amount,
      payment_intent: intent,
      status: 'succeeded',
      metadata,
    }
    refunds.push(refund)
    return refund
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  function session(id: string): Session {
    const found = sessions.get(id)
    if (!found) throw new Error(`the fake has no session ${id}`)
    return found
  }

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The customer pays on Stripe's page: the session completes, paid, with a PaymentIntent. */
    /** The customer pays the session (with a card of this fingerprint, if given). */
    pay(id: string, cardFingerprint?: string) {
      const paid = session(id)
      const intent = `pi_${randomBytes(12).toString('hex')}`
      Object.assign(paid, { status: 'complete', payment_status: 'paid', payment_intent: intent })
      if (cardFingerprint) cardFingerprints.set(intent, cardFingerprint)
      return paid
    },
    /** Stripe expires the session (its 24 h passed). */
    expire(id: string) {
      return Object.assign(session(id), { status: 'expired', url: null })
    },
    session,
    /** Someone refunds in Stripe's dashboard: a refund we did not ask for. */
    refundInDashboard(paymentIntent: string, amount: number) {
      return makeRefund(paymentIntent, amount, {})
    },
    refunds,
    /** The next `count` requests fail with `status`, as a Stripe outage would. */
    failNext(count: number, status = 500) {
      failNext = { count, status }
    },
    /** A webhook event for `object`, its body and a valid Stripe-Signature header, made by the real SDK. */
    signedEvent(type: string, object: unknown, options: { id?: string; secret?: string; timestamp?: number } = {}) {
      const payload = JSON.stringify({
        id: options.id ?? `evt_${randomBytes(12).toString('hex')}`,
        object: 'event',
        api_version: '2026-10-28.endive',
        created: Math.floor(Date.now() / 1000),
        type,
        data: { object },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
      })
      const header = stripe.webhooks.generateTestHeaderString({
        payload,
        secret: options.secret ?? webhookSecret,
        ...(options.timestamp !== undefined && { timestamp: options.timestamp }),
      })
      return { payload, header }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>

type LineItemParam = {
  price_data: { currency: string; unit_amount: string; product_data: { name: string } }
  quantity: string
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, {
    'content-type': 'application/json',
    'request-id': `req_${randomBytes(6).toString('hex')}`,
  })
  response.end(JSON.stringify(body))
}

function stripeError(type: string, message: string, code?: string) {
  return { error: { type, message, ...(code && { code }) } }
}

/** Decodes Stripe's form encoding (`line_items[0][price_data][currency]=usd`) into nested objects. */
function decodeForm(raw: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== '')
    let node = root
    for (const [i, part] of path.entries()) {
      if (i === path.length - 1) node[part] = value
      else {
        node[part] ??= {}
        node = node[part] as Record<string, unknown>
      }
    }
  }
  return root
}
