import { randomUUID } from 'node:crypto'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, asc, eq, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminService } from './index.ts'
import { outbox } from './schema.ts'

type Product = { id: string; title: string; description: string; image: string; price: number }

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startTestPlatform([adminService], { CURRENCY: 'EUR' })
  admin = await platform.signIn(userData({ role: 'admin', email: 'boss@example.com' }))
})
afterAll(() => platform?.close())

const mug = { title: 'Mug', description: 'A large mug', image: 'https://example.com/mug.png', price: 19.99 }
/** What the shop adds to a product made through the reference API: a slug from the title, its one image, active. */
const shopDefaults = {
  slug: expect.stringMatching(/^mug(-[0-9a-f]{8})?$/),
  category_ids: [],
  images: [mug.image],
  active: true,
}

const badProducts: [string, Record<string, unknown>, RegExp][] = [
  ['a price with three decimals', { price: 19.999 }, /price/],
  ['a negative price', { price: -1 }, /price/],
  ['a price that is not a number', { price: 'abc' }, /price/],
  ['a huge price', { price: 1e21 }, /price/],
  ['a price above the maximum', { price: 1_000_000.01 }, /price must be at most/],
  ['a price of the wrong type', { price: true }, /price/],
  ['no title', { title: undefined }, /title/],
  ['a blank title', { title: '   ' }, /title must not be blank/],
  ['a title of 201 characters', { title: 'x'.repeat(201) }, /title/],
]

describe('the catalog', () => {
  it('creates, reads, updates and deletes a product', async () => {
    const created = await admin.post<Product>('/api/admin/products', mug)
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: expect.any(String), ...mug, ...shopDefaults })
    const { id } = created.body

    expect((await admin.get(`/api/admin/products/${id}`)).body).toEqual(created.body)
    expect((await admin.get<Product[]>('/api/admin/products')).body).toContainEqual(created.body)

    const updated = await admin.put<Product>(`/api/admin/products/${id}`, { price: '24.50', title: ' Big mug ' })
    expect(updated.status).toBe(200)
    expect(updated.body).toEqual({ ...created.body, title: 'Big mug', price: 24.5 })
    expect((await admin.get(`/api/admin/products/${id}`)).body).toEqual(updated.body)

    const deleted = await admin.delete(`/api/admin/products/${id}`)
    expect(deleted.status).toBe(204)
    expect(deleted.text).toBe('')
    expect((await admin.get(`/api/admin/products/${id}`)).status).toBe(404)
    expect((await admin.get<Product[]>('/api/admin/products')).body.map((p) => p.id)).not.toContain(id)
  })

  it('lists the newest product first', async () => {
    const first = await admin.post<Product>('/api/admin/products', { ...mug, title: 'First' })
    const second = await admin.post<Product>('/api/admin/products', { ...mug, title: 'Second' })
    const ids = (await admin.get<Product[]>('/api/admin/products')).body.map((p) => p.id)
    expect(ids.indexOf(second.body.id)).toBeLessThan(ids.indexOf(first.body.id))
  })

  it('takes a price sent as a numeric string', async () => {
    const created = await admin.post<Product>('/api/admin/products', { ...mug, price: '12.5' })
    expect(created.status).toBe(201)
    expect(created.body.price).toBe(12.5)
  })

  it('ignores an id, price_minor or currency sent with a product', async () => {
    const id = randomUUID()
    const created = await admin.post<Product>('/api/admin/products', {
      ...mug,
      id,
      price_minor: 1,
      currency: 'JPY',
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: expect.any(String), ...mug, ...shopDefaults })
    expect(created.body.id).not.toBe(id)
  })

  it('keeps a product unchanged when an update sends no known field', async () => {
    const { body: product } = await admin.post<Product>('/api/admin/products', mug)
    const updated = await admin.put(`/api/admin/products/${product.id}`, { price_minor: 1 })
    expect(updated.status).toBe(200)
    expect(updated.body).toEqual(product)
  })

  describe.each(badProducts)('refuses a product with %s', (_case, change, message) => {
    it('answers 400 saying what is wrong', async () => {
      const response = await admin.post('/api/admin/products', { ...mug, ...change })
      expect(response.status).toBe(400)
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message })
    })
  })

  // A missing field is how a partial update works, so that case is not bad input here.
  describe.each(badProducts.filter(([, change]) => Object.values(change).every((v) => v !== undefined)))(
    'refuses an update with %s',
    (_case, change, message) => {
      it('answers 400 and leaves the product as it was', async () => {
        const { body: product } = await admin.post<Product>('/api/admin/products', mug)
        const response = await admin.put(`/api/admin/products/${product.id}`, change)
        expect(response.status).toBe(400)
        expect(response.body).toMatchObject({ message })
        expect((await admin.get(`/api/admin/products/${product.id}`)).body).toEqual(product)
      })
    },
  )

  describe.each([
    ['an unknown id', randomUUID()],
    ['an id that is not a uuid', 'not-a-uuid'],
    ['a numeric id', '42'],
  ])('answers 404 for %s', (_case, id) => {
    it.each([
      ['GET', undefined],
      ['PUT', { title: 'New title' }],
      ['PUT', {}],
      ['DELETE', undefined],
    ])('on %s', async (method, body) => {
      const response = await admin.request(method, `/api/admin/products/${id}`, body)
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject({ statusCode: 404, message: 'Product not found' })
    })
  })

  it('announces every change through the outbox, in order, in the store currency', async () => {
    const { body: product } = await admin.post<Product>('/api/admin/products', mug)
    await admin.put(`/api/admin/products/${product.id}`, { price: 5 })
    await admin.delete(`/api/admin/products/${product.id}`)
    await platform.drain()

    const db = platform.contexts.get('admin')?.db
    if (!db) throw new Error('the admin service is not running')
    const events = await db.select().from(outbox).where(eq(outbox.key, product.id)).orderBy(asc(outbox.position))
    const { price: _price, ...fields } = product
    expect(events.map((e) => ({ type: e.type, data: e.data }))).toEqual([
      {
        type: 'product.created',
        data: { ...fields, price_minor: 1999, currency: 'EUR', created_at: expect.any(String) },
      },
      {
        type: 'product.updated',
        data: { ...fields, price_minor: 500, currency: 'EUR', created_at: expect.any(String) },
      },
      { type: 'product.deleted', data: { id: product.id } },
    ])
    const unsent = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.key, product.id), isNull(outbox.publishedAt)))
    expect(unsent).toEqual([])
  })

  it('announces nothing for a refused product', async () => {
    await platform.drain()
    const db = platform.contexts.get('admin')?.db
    if (!db) throw new Error('the admin service is not running')
    const before = await db.select().from(outbox)
    await admin.post('/api/admin/products', { ...mug, price: 19.999 })
    expect(await db.select().from(outbox)).toHaveLength(before.length)
  })
})

describe('paging the catalog', () => {
  it('answers one page when asked, in the order of the whole list, which clients that do not ask still get', async () => {
    for (const title of ['Paged one', 'Paged two', 'Paged three']) {
      expect((await admin.post('/api/admin/products', { ...mug, title })).status).toBe(201)
    }
    const whole = (await admin.get<Product[]>('/api/admin/products')).body
    type Page = { data: Product[]; total: number; page: number; last_page: number }
    const lastPage = Math.ceil(whole.length / 2)
    const pages: Page[] = []
    for (let page = 1; page <= lastPage; page++) {
      const response = await admin.get<Page>(`/api/admin/products?page=${page}&per_page=2`)
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ total: whole.length, page, last_page: lastPage })
      pages.push(response.body)
    }
    expect(pages.flatMap((p) => p.data)).toEqual(whole)
    expect((await admin.get('/api/admin/products?page=abc')).status).toBe(400)
  })
})

describe('who may use the admin routes', () => {
  let ambassador: TestClient

  beforeAll(async () => {
    ambassador = await platform.signIn(userData())
  })

  const id = randomUUID()
  describe.each([
    ['GET', '/api/admin/products', undefined],
    ['POST', '/api/admin/products', mug],
    ['GET', `/api/admin/products/${id}`, undefined],
    ['PUT', `/api/admin/products/${id}`, { title: 'x' }],
    ['DELETE', `/api/admin/products/${id}`, undefined],
    ['GET', '/api/admin/ambassadors', undefined],
    ['GET', `/api/admin/ambassadors/${id}`, undefined],
    ['GET', `/api/admin/users/${id}/links`, undefined],
    ['GET', '/api/admin/orders', undefined],
  ])('%s %s', (method, url, body) => {
    it('answers 401 to an anonymous caller', async () => {
      expect((await testClient(platform.app).request(method, url, body)).status).toBe(401)
    })

    it('answers 403 to an ambassador', async () => {
      expect((await ambassador.request(method, url, body)).status).toBe(403)
    })
  })

  it('changes nothing when an ambassador tries to add a product', async () => {
    const before = (await admin.get<Product[]>('/api/admin/products')).body
    await ambassador.post('/api/admin/products', { ...mug, title: 'Sneaky' })
    expect((await admin.get<Product[]>('/api/admin/products')).body).toEqual(before)
  })
})
