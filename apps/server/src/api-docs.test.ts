import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServiceName } from '@ambassador/kit/config/config'
import type { ApiDocument } from '@ambassador/kit/http/api-docs'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allServices } from './services.ts'
import { startWholePlatform } from './testing.ts'

/** One operation of each service's, as its OpenAPI document names it. */
const OPERATION_OF: Record<ServiceName, [path: string, method: string]> = {
  users: ['/api/admin/login', 'post'],
  admin: ['/api/admin/products', 'get'],
  ambassador: ['/api/ambassador/links', 'get'],
  checkout: ['/api/checkout/orders', 'post'],
  email: ['/api/admin/emails', 'get'],
  media: ['/api/admin/media', 'get'],
  store: ['/api/store/products', 'get'],
  notifications: ['/api/notifications/channels', 'get'],
  analytics: ['/api/analytics/revenue', 'get'],
}

const operationsIn = (document: ApiDocument) =>
  Object.entries(OPERATION_OF)
    .filter(([, [path, method]]) => document.paths?.[path]?.[method] !== undefined)
    .map(([service]) => service)

describe('/api/docs of the embedded server', () => {
  let platform: TestPlatform
  beforeAll(async () => {
    platform = await startWholePlatform()
  })
  afterAll(() => platform?.close())

  it("is one document with every service's routes, made in the process", async () => {
    const response = await platform.app.inject({ url: '/api/docs' })
    expect(response.statusCode).toBe(200)
    const document = response.json<ApiDocument>()
    expect(operationsIn(document).sort()).toEqual(Object.keys(allServices).sort())
    expect(document.info?.['x-missing-services']).toBeUndefined()
  })

  it('goes out compressed to a client that takes it, as every answer of 1 KB or more does', async () => {
    const response = await platform.app.inject({ url: '/api/docs', headers: { 'accept-encoding': 'br, gzip' } })
    expect(response.headers['content-encoding']).toBe('br')
    expect(response.rawPayload.length).toBeLessThan(JSON.stringify(await platform.app.swagger()).length / 4)
  })
})

describe('/api/docs of services running in separate processes', () => {
  let admin: TestPlatform
  let checkout: TestPlatform
  let gateway: Server

  beforeAll(async () => {
    // The gateway routes a service's document to its process; the services that run nowhere answer 502, as nginx would.
    gateway = createServer(async (request, response) => {
      const target = request.url === '/api/checkout/openapi.json' ? checkout : undefined
      if (!target) return void response.writeHead(502).end('Bad Gateway')
      const answer = await target.app.inject({ url: request.url })
      response.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(answer.body)
    })
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve))
    const port = (gateway.address() as AddressInfo).port
    checkout = await startTestPlatform([allServices.checkout])
    admin = await startTestPlatform([allServices.admin], {
      API_DOCS_SOURCE: `http://127.0.0.1:${port}/api/{service}/openapi.json`,
    })
  })
  afterAll(async () => {
    await Promise.all([admin?.close(), checkout?.close()])
    gateway?.close()
  })

  it("each answer their own service's document", async () => {
    const own = (await checkout.app.inject({ url: '/api/checkout/openapi.json' })).json<ApiDocument>()
    expect(operationsIn(own)).toEqual(['checkout'])
  })

  it('merge into one, at the process answering /api/docs, naming the services whose documents it could not fetch', async () => {
    const document = (await admin.app.inject({ url: '/api/docs' })).json<ApiDocument>()
    expect(operationsIn(document).sort()).toEqual(['admin', 'checkout'])
    expect(document.info?.['x-missing-services']).toEqual(
      Object.keys(allServices).filter((service) => service !== 'admin' && service !== 'checkout'),
    )
  })
})
