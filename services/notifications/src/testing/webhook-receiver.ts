import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got: its path, headers and the raw body, byte for byte as it arrived. */
export type ReceivedRequest = { path: string; headers: IncomingHttpHeaders; body: string }

type Answer = { status: number; body?: string; headers?: Record<string, string> }

/**
 * An integrator's webhook receiver on loopback, for tests: keeps every request and answers each path as told
 * (200 "ok" unless told otherwise).
 */
export async function startWebhookReceiver() {
  const received: ReceivedRequest[] = []
  const answers = new Map<string, Answer>()
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = request.url ?? '/'
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      const answer = answers.get(path) ?? { status: 200, body: 'ok' }
      response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers })
      response.end(answer.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** Makes the receiver answer requests to `path` like this from now on. */
    answer: (path: string, answer: Answer) => answers.set(path, answer),
    requestsTo: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>

/**
 * Checks a request's Ambassador-Signature the way an integrator would, written apart from the service's own signing
 * code: HMAC-SHA256 with the endpoint secret over "<t>.<raw body>", compared in constant time.
 */
export function hasValidSignature(request: ReceivedRequest, secret: string): boolean {
  const header = request.headers['ambassador-signature']
  if (typeof header !== 'string') return false
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]))
  const t = parts.t
  const v1 = parts.v1
  if (!t || !v1 || !/^\d+$/.test(t)) return false
  const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest()
  const given = Buffer.from(v1, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
