import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createTokenVerifier } from '../auth/tokens.ts'
import type { Env } from '../config/config.ts'
import { createLogger } from '../log/log.ts'
import { testConfig } from '../testing/config.ts'
import { externalServices } from '../testing/external.ts'
import { createHttpApp } from './server.ts'

/** An app with one route allowing two requests a minute per client. */
async function limitedApp(env: Env) {
  const app = await createHttpApp({
    config: testConfig(env),
    log: createLogger('silent'),
    verifier: createTokenVerifier(generateKeyPairSync('ed25519').publicKey),
  })
  app.post('/api/try', { config: { auth: 'public', rateLimit: { max: 2, timeWindow: '1 minute' } } }, async () => ({
    ok: true,
  }))
  await app.ready()
  return app
}

const from = (forwardedFor: string) => ({
  method: 'POST' as const,
  url: '/api/try',
  remoteAddress: '10.0.0.1', // the gateway
  headers: { 'x-forwarded-for': forwardedFor },
})

describe('rate limits behind a gateway', () => {
  it('count every client of the gateway as one when the proxy is not trusted', async () => {
    const app = await limitedApp({})
    const statuses = []
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      statuses.push((await app.inject(from(client))).statusCode)
    expect(statuses).toEqual([200, 200, 429])
    await app.close()
  })

  it('count each client apart with TRUST_PROXY, and a client cannot escape by forging the header past the trusted hop', async () => {
    const app = await limitedApp({ TRUST_PROXY: '1' })
    const statuses = []
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.1', '203.0.113.1']) {
      statuses.push((await app.inject(from(client))).statusCode)
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    // A client adding its own X-Forwarded-For entries is still known by the address the gateway saw.
    const forged = await app.inject(from('198.51.100.7, 203.0.113.1'))
    expect(forged.statusCode).toBe(429)
    await app.close()
  })
})

describe.runIf(externalServices.redisUrl)('rate limits across replicas', () => {
  it('are shared through Redis: two processes of one service count one client once', async () => {
    const env = {
      REDIS_URL: externalServices.redisUrl as string,
      REDIS_KEY_PREFIX: `limits-${randomBytes(4).toString('hex')}:`,
    }
    const [first, second] = [await limitedApp(env), await limitedApp(env)]
    const request = { method: 'POST' as const, url: '/api/try', remoteAddress: '203.0.113.9' }
    const statuses = [
      (await first.inject(request)).statusCode,
      (await second.inject(request)).statusCode,
      (await first.inject(request)).statusCode,
    ]
    expect(statuses).toEqual([200, 200, 429])
    await first.close()
    await second.close()
  })
})
