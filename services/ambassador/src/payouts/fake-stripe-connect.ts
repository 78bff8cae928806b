import { randomBytes } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeTransfer = {
  id: string
  object: 'transfer'
  amount: number
  currency: string
  destination: string
  transfer_group: string | null
  metadata: Record<string, string>
}

/**
 * A stand-in for Stripe's transfers endpoint (Stripe's servers are out of reach here): `POST /v1/transfers` to the
 * connected accounts it knows, honouring idempotency keys as Stripe does (the same key answers the first transfer).
 * A test can make the next requests fail, and reads what was sent.
 */
export async function startFakeStripeConnect(accounts: string[]) {
  const transfers: FakeTransfer[] = []
  const idempotent = new Map<string, { status: number; body: unknown }>()
  const keys: string[] = []
  let failNext: { count: number; status: number } | undefined

  const server = createServer((request, response) => {
    let raw = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      raw += chunk
    })
    request.on('end', () => {
      const key = request.headers['idempotency-key']
      if (typeof key === 'string') keys.push(key)
      if (failNext && failNext.count > 0) {
        failNext.count--
        return send(response, failNext.status, stripeError('api_error', 'Something went wrong on the fake'))
      }
      if (request.method !== 'POST' || request.url !== '/v1/transfers') {
        return send(response, 404, stripeError('invalid_request_error', `Unrecognized request URL (${request.url})`))
      }
      const earlier = typeof key === 'string' ? idempotent.get(key) : undefined
      if (earlier) return send(response, earlier.status, earlier.body)
      const [status, body] = transfer(new URLSearchParams(raw))
      if (typeof key === 'string') idempotent.set(key, { status, body })
      send(response, status, body)
    })
  })

  function transfer(form: URLSearchParams): [number, unknown] {
    const destination = form.get('destination') ?? ''
    if (!accounts.includes(destination)) {
      return [400, stripeError('invalid_request_error', `No such destination: '${destination}'`, 'resource_missing')]
    }
    const metadata: Record<string, string> = {}
    for (const [name, value] of form) {
      const field = /^metadata\[(.+)\]$/.exec(name)?.[1]
      if (field) metadata[field] = value
    }
    const made: FakeTransfer = {
      id: `tr_${randomBytes(12).toString('hex')}`,
      object: 'transfer',
      amount: Number(form.get('amount')),
      currency: form.get('currency') ?? '',
      destination,
      transfer_group: form.get('transfer_group'),
      metadata,
    }
    transfers.push(made)
    return [200, made]
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every transfer made, once each (a replayed idempotency key makes none). */
    transfers,
    /** The idempotency key of every transfer request, replays included. */
    keys,
    /** The next `count` requests fail with `status` (a 500 the SDK retries; a 400 it does not). */
    failNext(count: number, status = 500) {
      failNext = { count, status }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
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
