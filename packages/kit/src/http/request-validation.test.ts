import { generateKeyPairSync } from 'node:crypto'
import net, { type AddressInfo } from 'node:net'
import { pino } from 'pino'
import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenVerifier } from '../auth/tokens.ts'
import { createLogger } from '../log/log.ts'
import { testConfig } from '../testing/config.ts'
import { createHttpApp, type HttpApp } from './server.ts'

let app: HttpApp
beforeAll(async () => {
  app = await createHttpApp({
    config: testConfig(),
    log: createLogger('silent'),
    verifier: createTokenVerifier(generateKeyPairSync('ed25519').publicKey),
  })
  app.post(
    '/api/things',
    {
      config: { auth: 'public' },
      schema: { body: Type.Object({ name: Type.String(), tags: Type.Optional(Type.Unknown()) }) },
    },
    async (request) => request.body,
  )
  await app.ready()
})
afterAll(() => app.close())

const post = (payload: string) =>
  app.inject({ method: 'POST', url: '/api/things', headers: { 'content-type': 'application/json' }, payload })

describe('request bodies', () => {
  it('refuses JSON nested thousands of levels deep with a 400, not a 500', async () => {
    const deep = `{"name":"x","tags":${'['.repeat(5_000)}${']'.repeat(5_000)}}`
    const response = await post(deep)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(/nested too deeply/) })
  })

  it('takes JSON nested a sensible depth', async () => {
    const nested = `{"name":"x","tags":${'['.repeat(50)}"a"${']'.repeat(50)}}`
    expect((await post(nested)).statusCode).toBe(200)
  })

  it('still finds a NUL character however deep it sits', async () => {
    const response = await post(`{"name":"x","tags":${'['.repeat(300)}"a\\u0000b"${']'.repeat(300)}}`)
    expect(response.statusCode).toBe(400)
    expect(response.json().message).toMatch(/NUL/)
  })
})

describe('the request log', () => {
  it('has a line for every request, whatever User-Agent it claims', async () => {
    const lines: string[] = []
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) })
    const logged = await createHttpApp({
      config: testConfig(),
      log,
      verifier: createTokenVerifier(generateKeyPairSync('ed25519').publicKey),
    })
    logged.get('/api/ping', { config: { auth: 'public' } }, async () => ({ ok: true }))
    await logged.inject({ url: '/api/ping', headers: { 'user-agent': 'lightMyRequest' } })
    await logged.inject({ url: '/api/ping', headers: { 'user-agent': 'curl/8' } })
    await logged.close()
    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request')
    expect(requests).toHaveLength(2)
  })
})

describe('error bodies', () => {
  it('carry a stable code and the request id, which every answer echoes in X-Request-Id', async () => {
    const refused = await post('{"tags": 1}')
    expect(refused.statusCode).toBe(400)
    const body = refused.json()
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'invalid_request' })
    expect(body.request_id).toBe(refused.headers['x-request-id'])
    expect(String(body.request_id)).toMatch(/^[\w.-]{8,64}$/)

    const unknown = await app.inject({ url: '/api/nothing-here' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({
      statusCode: 404,
      code: 'not_found',
      request_id: unknown.headers['x-request-id'],
    })

    const badJson = await post('{"name": ')
    expect(badJson.json()).toMatchObject({ statusCode: 400, code: 'invalid_json' })
  })

  it("keeps a caller's request id when it is a sensible one, and makes its own otherwise", async () => {
    const kept = await app.inject({ url: '/api/nothing-here', headers: { 'x-request-id': 'trace-0123456789' } })
    expect(kept.headers['x-request-id']).toBe('trace-0123456789')
    expect(kept.json().request_id).toBe('trace-0123456789')
    const replaced = await app.inject({ url: '/api/nothing-here', headers: { 'x-request-id': 'evil\nid' } })
    expect(replaced.headers['x-request-id']).not.toContain('evil')
  })
})

describe('slow clients', () => {
  it('are cut off when a request takes longer than REQUEST_TIMEOUT_SECONDS to arrive', async () => {
    const slow = await createHttpApp({
      config: testConfig({ REQUEST_TIMEOUT_SECONDS: '1' }),
      log: createLogger('silent'),
      verifier: createTokenVerifier(generateKeyPairSync('ed25519').publicKey),
    })
    slow.post('/api/things', { config: { auth: 'public' } }, async () => ({ ok: true }))
    await slow.listen({ port: 0, host: '127.0.0.1' })
    const { port } = slow.server.address() as AddressInfo
    const socket = net.connect(port, '127.0.0.1')
    const received: Buffer[] = []
    socket.on('data', (chunk) => received.push(chunk))
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    socket.write(
      'POST /api/things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    )
    // One byte every 200 ms would take 20 s; the server gives up after about one.
    const drip = setInterval(() => socket.write(' '), 200)
    await closed
    clearInterval(drip)
    expect(Buffer.concat(received).toString()).toMatch(/^HTTP\/1\.1 408/)
    await slow.close()
  })
})
