import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort } from '@ambassador/kit/process/process'
import { createTestDatabase } from '@ambassador/kit/testing/database'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Tracing is process-wide (one SDK, one global provider): the server runs as its own process, from the bundle
// `npm start` runs, exporting to an OTLP/HTTP receiver of this test's own.
const root = fileURLToPath(new URL('../../..', import.meta.url))
const bundle = mkdtempSync(path.join(root, 'apps/server/.build-'))
const admin = { email: 'owner@example.com', password: 'owner-password' }

type OtlpValue = { stringValue?: string; intValue?: string | number }
type ReceivedSpan = {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  kind: number
  attributes: Record<string, string | number | undefined>
}
const KIND = { server: 2, client: 3, producer: 4, consumer: 5 }

const received: ReceivedSpan[] = []
const contentTypes = new Set<string>()
let receiver: Server
let server: ChildProcess
let output = ''
let baseUrl = ''

/** An OTLP/HTTP trace receiver: POST /v1/traces with the JSON encoding, which the exporter sends. */
function startReceiver(port: number) {
  receiver = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      contentTypes.add(request.headers['content-type'] ?? '')
      if (request.method === 'POST' && request.url === '/v1/traces') {
        const { resourceSpans } = JSON.parse(body) as {
          resourceSpans: {
            scopeSpans: {
              spans: (Omit<ReceivedSpan, 'attributes'> & { attributes?: { key: string; value: OtlpValue }[] })[]
            }[]
          }[]
        }
        for (const span of resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))) {
          const attributes = Object.fromEntries(
            (span.attributes ?? []).map(({ key, value }) => [key, value.stringValue ?? Number(value.intValue)]),
          )
          received.push({ ...span, attributes })
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  return new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve))
}

beforeAll(async () => {
  execFileSync(process.execPath, ['apps/server/build.mjs', bundle], { cwd: root, stdio: 'inherit' })
  const receiverPort = await findFreePort()
  await startReceiver(receiverPort)
  const port = await findFreePort()
  baseUrl = `http://localhost:${port}`
  server = spawn(process.execPath, ['--enable-source-maps', path.join(bundle, 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: await createTestDatabase(),
      LOG_LEVEL: 'info',
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      DEMO: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiverPort}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout?.on('data', (chunk) => (output += chunk))
  server.stderr?.on('data', (chunk) => (output += chunk))
  await until(
    () => output.includes('Ambassador is running'),
    () => `the server did not start:\n${output}`,
    60_000,
  )
}, 120_000)

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
  }
  receiver?.close()
  rmSync(bundle, { recursive: true, force: true })
})

async function until(done: () => boolean, failure: () => string, timeoutMs = 15_000) {
  const started = Date.now()
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error(failure())
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  it('follow a request from its caller through the database and the event it publishes into every consumer', async () => {
    const login = await fetch(`${baseUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
    // The caller's own trace (a gateway or another service): everything below joins it.
    const traceId = randomBytes(16).toString('hex')
    const callerSpanId = randomBytes(8).toString('hex')
    const created = await fetch(`${baseUrl}/api/admin/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: JSON.stringify({ title: 'Traced mug', description: 'A mug', image: 'https://img/x.png', price: 9.5 }),
    })
    expect(created.status).toBe(201)
    const requestId = created.headers.get('x-request-id')
    expect(requestId).toBeTruthy()

    const inTrace = () => received.filter((span) => span.traceId === traceId)
    const consumersDone = () =>
      new Set(
        inTrace()
          .filter((s) => s.kind === KIND.consumer)
          .map((s) => s.attributes['messaging.consumer.group.name']),
      )
    // product.created is applied by admin's neighbours that keep a catalog: ambassador, checkout and store.
    await until(
      () => ['ambassador', 'checkout', 'store'].every((group) => consumersDone().has(group)),
      () =>
        `spans of the trace: ${JSON.stringify(inTrace().map((s) => [s.name, s.kind]))}; content types ${[...contentTypes]}`,
    )

    const spans = inTrace()
    const request = spans.find((s) => s.kind === KIND.server)
    expect(request).toMatchObject({ name: 'POST /api/admin/products', parentSpanId: callerSpanId })
    expect(request?.attributes).toMatchObject({ 'http.route': '/api/admin/products', 'http.response.status_code': 201 })
    const queries = spans.filter((s) => s.kind === KIND.client && s.parentSpanId === request?.spanId)
    expect(queries.map((s) => s.attributes['db.system.name'])).toContain('postgresql')
    expect(queries.some((s) => /insert into "admin"\."products"/i.test(String(s.attributes['db.query.text'])))).toBe(
      true,
    )
    const publish = spans.find((s) => s.kind === KIND.producer)
    expect(publish).toMatchObject({ name: 'publish product.created' })
    const consumed = spans.filter((s) => s.kind === KIND.consumer)
    for (const span of consumed)
      expect(span).toMatchObject({ name: 'process product.created', parentSpanId: publish?.spanId })
    // A consumer's own writes are spans of the same trace, under its consume span.
    const store = consumed.find((s) => s.attributes['messaging.consumer.group.name'] === 'store')
    expect(spans.some((s) => s.kind === KIND.client && s.parentSpanId === store?.spanId)).toBe(true)

    // The request's log line carries its request id and the trace id.
    const line = output
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.msg === 'request' && entry.reqId === requestId)
    expect(line).toMatchObject({ url: '/api/admin/products', status: 201, trace_id: traceId })
  })
})
