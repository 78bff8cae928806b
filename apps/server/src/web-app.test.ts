import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib'
import { createTokenVerifier } from '@ambassador/kit/auth/tokens'
import { createHttpApp, type HttpApp } from '@ambassador/kit/http/server'
import { createLogger } from '@ambassador/kit/log/log'
import { testConfig } from '@ambassador/kit/testing/config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webAppRoutes } from './web-app.ts'

const SCRIPT = `console.log(${JSON.stringify('a web app '.repeat(300))})\n`
const INDEX = '<!doctype html><title>Ambassador</title><script type="module" src="/assets/main-AbC123.js"></script>'

/** A web build as vite.config.ts leaves it: index.html, hashed assets, and a brotli and gzip copy of each script. */
function fakeBuild() {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'ambassador-web-dist-'))
  mkdirSync(path.join(dist, 'assets'))
  writeFileSync(path.join(dist, 'index.html'), INDEX)
  writeFileSync(path.join(dist, 'assets', 'main-AbC123.js'), SCRIPT)
  writeFileSync(path.join(dist, 'assets', 'main-AbC123.js.br'), brotliCompressSync(SCRIPT))
  writeFileSync(path.join(dist, 'assets', 'main-AbC123.js.gz'), gzipSync(SCRIPT))
  writeFileSync(path.join(dist, 'assets', 'logo-XyZ789.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  return dist
}

async function serverFor(dist: string, visits: string[] = []) {
  const app = await createHttpApp({
    config: testConfig(),
    log: createLogger('silent'),
    verifier: createTokenVerifier(generateKeyPairSync('ed25519').publicKey),
  })
  await webAppRoutes(app, dist, [(request) => void visits.push(request.url)])
  await app.ready()
  return app
}

describe('the web app', () => {
  let app: HttpApp
  const visits: string[] = []
  beforeAll(async () => {
    app = await serverFor(fakeBuild(), visits)
  })
  afterAll(() => app.close())

  it('sends a hashed script as it was compressed at build time, cached for a year', async () => {
    const response = await app.inject({ url: '/assets/main-AbC123.js', headers: { 'accept-encoding': 'gzip, br' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers).toMatchObject({
      'content-encoding': 'br',
      'cache-control': 'public, max-age=31536000, immutable',
    })
    expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/)
    expect(response.headers.vary).toMatch(/accept-encoding/i)
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(SCRIPT)
  })

  it('sends the gzip copy to a client without brotli, and the script itself to one that takes neither', async () => {
    const gzipped = await app.inject({ url: '/assets/main-AbC123.js', headers: { 'accept-encoding': 'gzip' } })
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    const plain = await app.inject({ url: '/assets/main-AbC123.js', headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(SCRIPT)
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('answers a revalidation of an asset it still holds with 304', async () => {
    const first = await app.inject({ url: '/assets/logo-XyZ789.png' })
    expect(first.headers['content-type']).toBe('image/png')
    const again = await app.inject({
      url: '/assets/logo-XyZ789.png',
      headers: { 'if-none-match': String(first.headers.etag) },
    })
    expect(again.statusCode).toBe(304)
  })

  it('knows no asset outside the build, nor the compressed copies as files of their own', async () => {
    for (const url of ['/assets/missing-000000.js', '/assets/main-AbC123.js.br', '/assets/..%2Findex.html']) {
      const response = await app.inject({ url })
      expect([403, 404], url).toContain(response.statusCode)
      expect(response.body, url).not.toContain('<title>Ambassador</title>')
    }
  })

  it('answers every page route with index.html, revalidated each time and under the page policy, after the page visits', async () => {
    const response = await app.inject({ url: '/c/SOMECODE?ref=x' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe(INDEX)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.headers['content-security-policy']).toContain("script-src 'self'")
    expect(visits).toContain('/c/SOMECODE?ref=x')
    expect((await app.inject({ url: '/' })).body).toBe(INDEX)
  })

  it('leaves the API and health paths to their own routes', async () => {
    for (const url of ['/api/nothing-here', '/health/nothing']) {
      const response = await app.inject({ url })
      expect(response.statusCode, url).toBe(404)
      expect(response.headers['content-type'], url).toMatch(/json/)
    }
  })
})

describe('the web app before `npm run build`', () => {
  it('says so on every page, and has no assets', async () => {
    const app = await serverFor(mkdtempSync(path.join(os.tmpdir(), 'ambassador-web-unbuilt-')))
    const page = await app.inject({ url: '/' })
    expect(page.statusCode).toBe(503)
    expect(page.body).toContain('npm run build')
    expect((await app.inject({ url: '/assets/main-AbC123.js' })).statusCode).toBe(404)
    await app.close()
  })
})
