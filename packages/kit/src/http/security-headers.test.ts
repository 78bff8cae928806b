import { generateKeyPairSync } from 'node:crypto'
import helmet from '@fastify/helmet'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { createTokenIssuer, createTokenVerifier } from '../auth/tokens.ts'
import { createMemoryCache } from '../cache/memory.ts'
import { notFound } from '../errors/errors.ts'
import { createLogger } from '../log/log.ts'
import { testConfig } from '../testing/config.ts'
import { cachedReply } from './cached-reply.ts'
import { createHttpApp, SECURITY_HEADERS } from './server.ts'

describe('security headers', () => {
  it('are the ones helmet sets by default (less its CSP, with images usable from other origins)', async () => {
    const app = Fastify()
    await app.register(helmet, { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } })
    app.get('/', async () => ({}))
    const { headers } = await app.inject({ url: '/' })
    const fromHelmet = Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name, headers[name]]))
    expect(fromHelmet).toEqual(SECURITY_HEADERS)
    const extra = Object.keys(headers).filter(
      (name) => !(name in SECURITY_HEADERS) && !['content-type', 'content-length', 'date', 'connection'].includes(name),
    )
    expect(extra).toEqual([])
    await app.close()
  })
})

describe('every answer of the platform', () => {
  it('carries the security headers: JSON, a cached answer, an error and an unknown route alike', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519')
    const token = await createTokenIssuer(privateKey).issue({
      userId: '0190a7a2-0000-7000-8000-000000000001',
      scope: 'admin',
      sessionVersion: 0,
    })
    const app = await createHttpApp({
      config: testConfig(),
      log: createLogger('silent'),
      verifier: createTokenVerifier(publicKey),
    })
    const cache = createMemoryCache({ now: () => new Date() })
    app.get('/api/plain', { config: { auth: 'public' } }, async () => ({ ok: true }))
    app.get('/api/cached', { config: { auth: 'public' } }, (request, reply) =>
      cachedReply(cache, request, reply, { scope: 's', key: 'k', ttlSeconds: 60 }, async () => ({ ok: true })),
    )
    app.get('/api/failing', { config: { auth: 'public' } }, async () => {
      throw notFound('nothing here')
    })
    app.get('/api/private', { config: { auth: 'admin' } }, async () => ({ ok: true }))
    for (const url of ['/api/plain', '/api/cached', '/api/failing', '/api/private', '/api/unknown']) {
      const { headers } = await app.inject({ url })
      expect(Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name, headers[name]])), url).toEqual(
        SECURITY_HEADERS,
      )
    }
    // What a signed-in user is shown is never stored by a browser or a proxy; public answers may be.
    const signedIn = await app.inject({ url: '/api/private', headers: { authorization: `Bearer ${token}` } })
    expect(signedIn.statusCode).toBe(200)
    expect(signedIn.headers['cache-control']).toBe('no-store')
    expect((await app.inject({ url: '/api/plain' })).headers['cache-control']).toBeUndefined()
    // CORS says the answer varies by Origin; a cached answer adds Accept-Encoding without dropping that.
    const cors = await app.inject({ url: '/api/cached', headers: { origin: 'http://localhost:3000' } })
    expect(String(cors.headers.vary).split(/,\s*/)).toEqual(expect.arrayContaining(['Origin', 'Accept-Encoding']))
    await app.close()
  })
})
