import type { Product } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { productData, publishProducts } from './fixtures.ts'
import { ambassadorService } from './index.ts'

type ProductPage = {
  data: Product[]
  total: number
  page: number
  last_page: number
  meta: { total: number; page: number; last_page: number }
}

let platform: TestPlatform

// Twelve products, prices all different, created in this order; three mention "mug" in some case.
const products = [
  productData({ title: 'Red Mug', description: 'Ceramic', price_minor: 1500 }),
  productData({ title: 'Blue mug', description: 'Enamel', price_minor: 999 }),
  productData({ title: 'Teapot', description: 'Pairs with any MUG', price_minor: 4250 }),
  productData({ title: 'T-shirt', description: 'Cotton', price_minor: 2000 }),
  productData({ title: 'Hoodie', description: 'Fleece', price_minor: 4999 }),
  productData({ title: 'Cap', description: 'One size', price_minor: 1200 }),
  productData({ title: 'Sticker', description: 'Vinyl', price_minor: 150 }),
  productData({ title: 'Poster', description: '100% paper', price_minor: 800 }),
  productData({ title: 'Notebook', description: 'A5, dotted', price_minor: 650 }),
  productData({ title: 'Pen', description: 'Blue ink', price_minor: 199 }),
  productData({ title: 'Tote bag', description: 'Canvas', price_minor: 1799 }),
  productData({ title: 'Socks', description: 'Wool_blend', price_minor: 1099 }),
]

beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService])
  await publishProducts(platform, products)
})
afterAll(() => platform?.close())

const asJson = (p: (typeof products)[number]): Product => ({
  id: p.id,
  title: p.title,
  description: p.description,
  image: p.image,
  price: p.price_minor / 100,
})

async function backend(query: string) {
  const response = await testClient(platform.app).get<ProductPage>(`/api/ambassador/products/backend${query}`)
  expect(response.status).toBe(200)
  return response.body
}

describe('products/frontend', () => {
  it('lists the whole catalog to anyone, in creation order, with prices in major units', async () => {
    const response = await testClient(platform.app).get<Product[]>('/api/ambassador/products/frontend')
    expect(response.status).toBe(200)
    expect(response.body).toEqual(products.map(asJson))
    expect(response.body.find((p) => p.title === 'Blue mug')?.price).toBe(9.99)
  })

  it('shows an update and a deletion at once, though the list is cached', async () => {
    const client = testClient(platform.app)
    const extra = productData({ title: 'Keychain', price_minor: 500 })
    await platform.publish('product.created', extra.id, extra)
    expect((await client.get<Product[]>('/api/ambassador/products/frontend')).body).toContainEqual(asJson(extra))

    const renamed = { ...extra, title: 'Brass keychain', price_minor: 650 }
    await platform.publish('product.updated', extra.id, renamed)
    const afterUpdate = (await client.get<Product[]>('/api/ambassador/products/frontend')).body
    expect(afterUpdate.filter((p) => p.id === extra.id)).toEqual([asJson(renamed)])
    expect((await backend('?s=brass')).data).toEqual([asJson(renamed)])

    await platform.publish('product.deleted', extra.id, { id: extra.id })
    const afterDelete = (await client.get<Product[]>('/api/ambassador/products/frontend')).body
    expect(afterDelete.map((p) => p.id)).not.toContain(extra.id)
    expect(afterDelete).toHaveLength(products.length)
  })

  it('ignores a product event older than the one already applied', async () => {
    const late = productData({ title: 'Lamp', price_minor: 3000 })
    await platform.publish('product.created', late.id, late)
    await platform.redeliver({
      id: newId(),
      type: 'product.updated',
      version: 1,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      key: late.id,
      data: { ...late, title: 'Stale lamp' },
    })
    const list = (await testClient(platform.app).get<Product[]>('/api/ambassador/products/frontend')).body
    expect(list.find((p) => p.id === late.id)?.title).toBe('Lamp')
    await platform.publish('product.deleted', late.id, { id: late.id })
  })

  it('never brings a deleted product back, whatever older event about it arrives later', async () => {
    const gone = productData({ title: 'Vase', price_minor: 2500 })
    const created = await platform.publish('product.created', gone.id, gone)
    await platform.publish('product.deleted', gone.id, { id: gone.id })
    // A replay (say, of a dead letter) delivers the product's earlier events after its deletion.
    await platform.redeliver({ ...created, id: newId() })
    await platform.redeliver({ ...created, id: newId(), type: 'product.updated', occurredAt: new Date().toISOString() })
    const list = (await testClient(platform.app).get<Product[]>('/api/ambassador/products/frontend')).body
    expect(list.map((p) => p.id)).not.toContain(gone.id)
  })
})

describe('products/backend', () => {
  it('pages the catalog nine at a time with the totals at the top and in meta', async () => {
    const first = await backend('')
    expect(first.data).toEqual(products.slice(0, 9).map(asJson))
    expect(first).toMatchObject({ total: 12, page: 1, last_page: 2, meta: { total: 12, page: 1, last_page: 2 } })

    const second = await backend('?page=2')
    expect(second.data).toEqual(products.slice(9).map(asJson))
    expect(second).toMatchObject({ total: 12, page: 2, last_page: 2, meta: { total: 12, page: 2, last_page: 2 } })
  })

  it('answers a page past the end with no data', async () => {
    expect(await backend('?page=3')).toEqual({
      data: [],
      total: 12,
      page: 3,
      last_page: 2,
      meta: { total: 12, page: 3, last_page: 2 },
    })
  })

  it('searches title and description without regard to case', async () => {
    const found = await backend('?s=MuG')
    expect(found.data.map((p) => p.title)).toEqual(['Red Mug', 'Blue mug', 'Teapot'])
    expect(found).toMatchObject({ total: 3, page: 1, last_page: 1 })
  })

  it('treats % and _ in a search as plain characters', async () => {
    expect((await backend('?s=%25')).data.map((p) => p.title)).toEqual(['Poster'])
    expect((await backend('?s=_')).data.map((p) => p.title)).toEqual(['Socks'])
  })

  it('says last_page 1 when nothing matches', async () => {
    expect(await backend('?s=nothing-like-this')).toEqual({
      data: [],
      total: 0,
      page: 1,
      last_page: 1,
      meta: { total: 0, page: 1, last_page: 1 },
    })
  })

  it('sorts by price both ways, across pages', async () => {
    const byPrice = [...products].sort((a, b) => a.price_minor - b.price_minor)
    const ascending = [...(await backend('?sort=asc')).data, ...(await backend('?sort=asc&page=2')).data]
    expect(ascending).toEqual(byPrice.map(asJson))
    const descending = [...(await backend('?sort=desc')).data, ...(await backend('?sort=desc&page=2')).data]
    expect(descending).toEqual([...byPrice].reverse().map(asJson))
  })

  it('combines search, sort and page', async () => {
    const found = await backend('?s=mug&sort=desc&page=1')
    expect(found.data.map((p) => p.price)).toEqual([42.5, 15, 9.99])
  })

  describe.each([
    ['an unknown sort', '?sort=up'],
    ['page 0', '?page=0'],
    ['a negative page', '?page=-1'],
    ['a page that is not a number', '?page=two'],
    ['an overlong search', `?s=${'x'.repeat(201)}`],
  ])('with %s', (_name, query) => {
    it('answers 400', async () => {
      const response = await testClient(platform.app).get<{ statusCode: number }>(
        `/api/ambassador/products/backend${query}`,
      )
      expect(response.status).toBe(400)
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' })
    })
  })
})
