import type { LinkData } from '@ambassador/contracts/events'
import type { Product } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logInAdmin, productData, publishProducts, signUpAmbassador } from './fixtures.ts'
import { ambassadorService } from './index.ts'
import { createLink } from './links.ts'

type Link = { id: string; code: string; user_id: string; products: Product[]; created_at?: string }

let platform: TestPlatform
let ada: { client: TestClient; id: string }
let admin: TestClient
const [mug, shirt, cap] = [
  productData({ title: 'Mug', price_minor: 1250 }),
  productData({ title: 'T-shirt', price_minor: 2000 }),
  productData({ title: 'Cap', price_minor: 999 }),
]
const catalog = [mug, shirt, cap]

beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService])
  await publishProducts(platform, catalog)
  ada = await signUpAmbassador(platform, { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' })
  admin = await logInAdmin(platform)
})
afterAll(() => platform?.close())

const view = (p: (typeof catalog)[number]): Product => ({
  id: p.id,
  title: p.title,
  description: p.description,
  image: p.image,
  price: p.price_minor / 100,
})

function ambassadorContext() {
  const ctx = platform.contexts.get('ambassador')
  if (!ctx) throw new Error('the ambassador service is not mounted')
  return ctx
}

describe('creating a link', () => {
  it('bundles the products in the order given, without duplicates, and announces link.created', async () => {
    const created = await ada.client.post<Link>('/api/ambassador/links', {
      products: [shirt?.id, mug?.id, shirt?.id],
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.any(String),
      code: expect.stringMatching(/^[A-Za-z0-9]{8}$/),
      user_id: ada.id,
      products: [view(shirt), view(mug)],
    })

    const ctx = ambassadorContext()
    const events = await ctx.db.execute<{ type: string; key: string; data: LinkData }>(
      sql`SELECT type, key, data FROM ambassador.outbox WHERE key = ${created.body.id}`,
    )
    expect(events.rows).toEqual([
      {
        type: 'link.created',
        key: created.body.id,
        data: {
          id: created.body.id,
          code: created.body.code,
          user_id: ada.id,
          product_ids: [shirt.id, mug.id],
          created_at: expect.any(String),
        },
      },
    ])
  })

  it('ignores fields it does not know, such as another owner', async () => {
    const created = await ada.client.post<Link>('/api/ambassador/links', {
      products: [cap.id],
      user_id: newId(),
      code: 'chosen',
    })
    expect(created.status).toBe(201)
    expect(created.body.user_id).toBe(ada.id)
    expect(created.body.code).not.toBe('chosen')
  })

  const unknownId = newId()
  describe.each([
    ['an empty list', { products: [] }, undefined],
    ['no list at all', {}, undefined],
    ['a string instead of a list', { products: 'mug' }, undefined],
    ['an object instead of a list', { products: { id: 'x' } }, undefined],
    ['a list of numbers', { products: [1, 2] }, undefined],
    ['an id that is not a uuid', { products: ['not-a-uuid'] }, 'Unknown product: not-a-uuid'],
    ['an id not in the catalog', { products: [unknownId] }, `Unknown product: ${unknownId}`],
    ['a known id next to an unknown one', { products: [mug.id, unknownId] }, `Unknown product: ${unknownId}`],
    ['101 products', { products: Array.from({ length: 101 }, () => mug.id) }, undefined],
  ])('with %s', (_name, body, message) => {
    it('answers 400 and creates nothing', async () => {
      const before = (await ada.client.get<Link[]>('/api/ambassador/links')).body.length
      const response = await ada.client.post<{ statusCode: number; message: string }>('/api/ambassador/links', body)
      expect(response.status).toBe(400)
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' })
      if (message) expect(response.body.message).toBe(message)
      expect((await ada.client.get<Link[]>('/api/ambassador/links')).body).toHaveLength(before)
    })
  })

  it('draws another code when the first one is taken', async () => {
    const ctx = ambassadorContext()
    const codes = ['TakenCod', 'TakenCod', 'FreshCod']
    const next = () => codes.shift() ?? 'Leftover'
    const first = await createLink(ctx, { ambassadorId: ada.id, productIds: [mug.id] }, next)
    const second = await createLink(ctx, { ambassadorId: ada.id, productIds: [mug.id] }, next)
    expect([first.code, second.code]).toEqual(['TakenCod', 'FreshCod'])
  })
})

describe('listing links', () => {
  it('shows only my links, newest first, and keeps a link working when one of its products is deleted', async () => {
    const grace = await signUpAmbassador(platform, {
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
    })
    const older = await grace.client.post<Link>('/api/ambassador/links', { products: [mug.id] })
    const newer = await grace.client.post<Link>('/api/ambassador/links', { products: [cap.id, shirt.id, mug.id] })

    const doomed = productData({ title: 'Limited edition' })
    await platform.publish('product.created', doomed.id, doomed)
    const withDoomed = await grace.client.post<Link>('/api/ambassador/links', { products: [doomed.id, cap.id] })
    await platform.publish('product.deleted', doomed.id, { id: doomed.id })

    const listed = await grace.client.get<Link[]>('/api/ambassador/links')
    expect(listed.status).toBe(200)
    expect(listed.body.map((l) => l.id)).toEqual([withDoomed.body.id, newer.body.id, older.body.id])
    expect(listed.body[0]).toEqual({ ...withDoomed.body, products: [view(cap)], created_at: expect.any(String) })
    expect(listed.body[1]?.products).toEqual([view(cap), view(shirt), view(mug)])
    expect(listed.body.every((l) => l.user_id === grace.id)).toBe(true)

    const adaLinks = (await ada.client.get<Link[]>('/api/ambassador/links')).body
    expect(adaLinks.length).toBeGreaterThan(0)
    expect(adaLinks.map((l) => l.id)).not.toContain(older.body.id)
  })
})

describe('who may call what', () => {
  const ambassadorRoutes = [
    ['POST', '/api/ambassador/links'],
    ['GET', '/api/ambassador/links'],
    ['GET', '/api/ambassador/stats'],
    ['GET', '/api/ambassador/rankings'],
  ] as const

  describe.each(ambassadorRoutes)('%s %s', (method, url) => {
    const body = method === 'POST' ? { products: [mug.id] } : undefined
    it('answers 401 to an anonymous caller', async () => {
      expect((await testClient(platform.app).request(method, url, body)).status).toBe(401)
    })
    it('answers 403 to an admin', async () => {
      expect((await admin.request(method, url, body)).status).toBe(403)
    })
    it('answers 401 to a forged token', async () => {
      const forged = { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwic2NvcGUiOiJhbWJhc3NhZG9yIn0.' }
      expect((await testClient(platform.app).request(method, url, body, forged)).status).toBe(401)
    })
  })

  it.each(['/api/ambassador/products/frontend', '/api/ambassador/products/backend'])(
    'serves %s to anyone',
    async (url) => {
      expect((await testClient(platform.app).get(url)).status).toBe(200)
    },
  )
})
