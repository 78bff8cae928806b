import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenVerifier } from '../auth/tokens.ts'
import { SERVICE_NAMES, type ServiceName } from '../config/config.ts'
import { createLogger } from '../log/log.ts'
import { testConfig } from '../testing/config.ts'
import { type ApiDocument, apiDocsRoutes, mergeApiDocuments } from './api-docs.ts'
import { createHttpApp, type HttpApp } from './server.ts'

describe('merging API documents', () => {
  const product = (field: string) => ({ type: 'object', properties: { [field]: { type: 'string' } } })
  const money = { type: 'integer', description: 'minor units' }
  const admin: ApiDocument = {
    openapi: '3.0.3',
    info: { title: 'Ambassador API', version: '1.0.0' },
    paths: {
      '/api/admin/products': {
        get: {
          responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Product' } } } } },
        },
      },
      '/health/ready': { get: { responses: { 200: { description: 'ready' } } } },
    },
    components: {
      schemas: { Product: product('title'), Money: money },
      securitySchemes: { cookie: { type: 'apiKey' } },
    },
    tags: [{ name: 'catalog' }],
  }
  const checkout: ApiDocument = {
    openapi: '3.0.3',
    info: { title: 'Checkout', version: '9' },
    paths: {
      '/api/checkout/orders': {
        post: {
          responses: { 201: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Product' } } } } },
        },
      },
      '/api/admin/products': { post: { responses: { 201: { description: 'stocked' } } } },
      '/health/ready': { get: { responses: { 200: { description: 'ready' } } } },
    },
    components: { schemas: { Product: product('sku'), Money: money }, securitySchemes: { cookie: { type: 'apiKey' } } },
    tags: [{ name: 'catalog' }, { name: 'orders' }],
  }

  it("keeps every service's operations, one path at a time, and the first document's info", () => {
    const merged = mergeApiDocuments(admin, [{ service: 'checkout', document: checkout }])
    expect(merged.info).toEqual(admin.info)
    expect(Object.keys(merged.paths ?? {}).sort()).toEqual([
      '/api/admin/products',
      '/api/checkout/orders',
      '/health/ready',
    ])
    expect(Object.keys(merged.paths?.['/api/admin/products'] ?? {}).sort()).toEqual(['get', 'post'])
    expect(merged.paths?.['/health/ready']).toEqual(admin.paths?.['/health/ready'])
    expect(merged.tags).toEqual([{ name: 'catalog' }, { name: 'orders' }])
  })

  it("renames a component another service already names differently, and that service's references follow it", () => {
    const merged = mergeApiDocuments(admin, [{ service: 'checkout', document: checkout }])
    const schemas = merged.components?.schemas ?? {}
    expect(Object.keys(schemas).sort()).toEqual(['Money', 'Product', 'checkout.Product'])
    expect(schemas.Product).toEqual(product('title'))
    expect(schemas['checkout.Product']).toEqual(product('sku'))
    const refOf = (path: string, method: string, status: number) =>
      JSON.stringify(
        (merged.paths?.[path]?.[method] as { responses?: Record<number, unknown> } | undefined)?.responses?.[status],
      )
    expect(refOf('/api/admin/products', 'get', 200)).toContain('"#/components/schemas/Product"')
    expect(refOf('/api/checkout/orders', 'post', 201)).toContain('"#/components/schemas/checkout.Product"')
    expect(merged.components?.securitySchemes).toEqual({ cookie: { type: 'apiKey' } })
  })

  it('changes none of the documents it merges', () => {
    const before = structuredClone([admin, checkout])
    mergeApiDocuments(admin, [{ service: 'checkout', document: checkout }])
    expect([admin, checkout]).toEqual(before)
  })
})

/** A service process of its own: its routes on the platform's HTTP server, and its API document routes. */
async function serviceProcess(service: ServiceName, source?: string) {
  const app = await createHttpApp({
    config: testConfig(),
    log: createLogger('silent'),
    verifier: createTokenVerifier(generateKeyPairSync('ed25519').publicKey),
  })
  app.get(
    `/api/${service}/things/:id`,
    {
      config: { auth: 'public' },
      schema: { params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({ id: Type.String() }) } },
    },
    async (request) => ({ id: request.params.id }),
  )
  apiDocsRoutes(app, { services: [service], source })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

const urlOf = (app: HttpApp) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

describe('/api/docs in distributed mode', () => {
  const processes = new Map<ServiceName, HttpApp>()
  const down = new Set<ServiceName>()
  const asked: string[] = []
  let gateway: Server
  let source: string

  beforeAll(async () => {
    // The gateway: `/api/<service>/…` goes to that service's process (502 when it is down).
    gateway = createServer(async (request, response) => {
      asked.push(request.url ?? '')
      const service = request.url?.split('/')[2] as ServiceName
      const target = processes.get(service)
      if (!target || down.has(service)) return void response.writeHead(502).end('Bad Gateway')
      const answer = await fetch(`${urlOf(target)}${request.url}`)
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
    })
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve))
    source = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/api/{service}/openapi.json`
    for (const service of SERVICE_NAMES) processes.set(service, await serviceProcess(service))
  })
  afterAll(async () => {
    await Promise.all([...processes.values()].map((app) => app.close()))
    gateway.close()
  })

  it("answers each service's own document at /api/<service>/openapi.json, with that service's routes alone", async () => {
    const checkout = processes.get('checkout') as HttpApp
    const document = (await checkout.inject({ url: '/api/checkout/openapi.json' })).json<ApiDocument>()
    expect(Object.keys(document.paths ?? {})).toEqual(['/api/checkout/things/{id}'])
  })

  it("merges every service's document into the one /api/docs answers, and keeps it a while", async () => {
    const docs = await serviceProcess('admin', source)
    const response = await docs.inject({ url: '/api/docs' })
    expect(response.statusCode).toBe(200)
    const document = response.json<ApiDocument>()
    expect(Object.keys(document.paths ?? {}).sort()).toEqual(
      SERVICE_NAMES.map((service) => `/api/${service}/things/{id}`).sort(),
    )
    for (const service of SERVICE_NAMES) {
      expect(document.paths?.[`/api/${service}/things/{id}`], service).toHaveProperty(['get', 'responses', '200'])
    }
    expect(document.info?.['x-missing-services']).toBeUndefined()
    expect(document.info?.description).not.toContain('could not be fetched')
    // Its own document is not fetched through the gateway; the others are, once for a while.
    expect(asked).not.toContain('/api/admin/openapi.json')
    const fetches = asked.length
    expect((await docs.inject({ url: '/api/docs' })).json()).toEqual(document)
    expect(asked.length).toBe(fetches)
    await docs.close()
  })

  it('leaves out a service that is down, and says which', async () => {
    down.add('checkout')
    const docs = await serviceProcess('admin', source)
    try {
      const document = (await docs.inject({ url: '/api/docs' })).json<ApiDocument>()
      expect(document.paths).toHaveProperty(['/api/admin/things/{id}', 'get'])
      expect(document.paths).toHaveProperty(['/api/store/things/{id}', 'get'])
      expect(document.paths).not.toHaveProperty(['/api/checkout/things/{id}'])
      expect(document.info?.['x-missing-services']).toEqual(['checkout'])
      expect(document.info?.description).toContain('checkout could not be fetched')
      expect(document.info?.description).toContain('Ambassador commerce') // the document's own description stays
    } finally {
      down.delete('checkout')
      await docs.close()
    }
  })

  it('serves its own document when no source is configured (embedded: every service is in the process)', async () => {
    const docs = await serviceProcess('admin')
    const before = asked.length
    const document = (await docs.inject({ url: '/api/docs' })).json<ApiDocument>()
    expect(Object.keys(document.paths ?? {})).toEqual(['/api/admin/things/{id}'])
    expect(asked.length).toBe(before)
    await docs.close()
  })
})
