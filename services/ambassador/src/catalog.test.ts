import { brotliDecompressSync, gunzipSync } from 'node:zlib'
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

  it('sends the catalog compressed to a client that accepts it, and 304 to one that already holds it', async () => {
    const client = testClient(platform.app)
    const plain = await client.get<Product[]>('/api/ambassador/products/frontend')
    const asked = (encoding: string) =>
      platform.app.inject({
        method: 'GET',
        url: '/api/ambassador/products/frontend',
        headers: { 'accept-encoding': encoding },
      })
    const brotli = await asked('gzip, deflate, br')
    expect(brotli.headers['content-encoding']).toBe('br')
    expect(JSON.parse(brotliDecompressSync(brotli.rawPayload).toString())).toEqual(plain.body)
    const gzipped = await asked('gzip')
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString())).toEqual(plain.body)
    expect((await asked('br;q=0, gzip;q=0')).headers['content-encoding']).toBeUndefined()

    const etag = String(plain.headers.etag)
    const again = await platform.app.inject({
      method: 'GET',
      url: '/api/ambassador/products/frontend',
      headers: { 'if-none-match': etag },
    })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  it('never serves a catalog older than the last product change, however reads and changes interleave', async () => {
    const client = testClient(platform.app)
    const raced = productData({ title: 'Raced lamp', price_minor: 100 })
    await platform.publish('product.created', raced.id, raced)
    const priceSeen = async (query: string) => {
      const list = query
        ? (await backend(query)).data
        : (await client.get<Product[]>('/api/ambassador/products/frontend')).body
      return list.find((p) => p.id === raced.id)?.price
    }
    for (let round = 1; round <= 25; round++) {
      const priceMinor = 100 + round
      // Reads in flight while the change is applied and its invalidation runs: each computes from what it saw.
      const inFlight = Array.from({ length: 10 }, (_, i) => priceSeen(i % 2 ? '' : '?s=raced'))
      await platform.publish('product.updated', raced.id, { ...raced, price_minor: priceMinor })
      // Every read that starts after the change has been applied sees it.
      expect(await priceSeen('')).toBe(priceMinor / 100)
      expect(await priceSeen('?s=raced')).toBe(priceMinor / 100)
      await Promise.all(inFlight)
    }
    await platform.publish('product.deleted', raced.id, { id: raced.id })
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

  it('treats a backslash in a search as a plain character', async () => {
    expect((await backend(`?s=${encodeURIComponent('\\')}`)).data).toEqual([])
  })

  it('ignores the case of accented letters too', async () => {
    const accented = productData({
      title: 'Crème brûlée torch',
      description: 'For the ÉCOLE kitchen',
      price_minor: 2500,
    })
    await platform.publish('product.created', accented.id, accented)
    try {
      expect((await backend(`?s=${encodeURIComponent('CRÈME BRÛLÉE')}`)).data).toEqual([asJson(accented)])
      expect((await backend(`?s=${encodeURIComponent('école')}`)).data).toEqual([asJson(accented)])
    } finally {
      await platform.publish('product.deleted', accented.id, { id: accented.id })
    }
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

  it('ignores a sort it does not know, as the reference does (its clients reset their menu with sort=Select)', async () => {
    const unsorted = await backend('')
    expect(await backend('?sort=Select')).toEqual(unsorted)
    expect(await backend('?sort=up&page=2')).toEqual(await backend('?page=2'))
  })

  it('refuses an overlong sort value', async () => {
    expect((await testClient(platform.app).get(`/api/ambassador/products/backend?sort=${'x'.repeat(51)}`)).status).toBe(
      400,
    )
  })

  describe.each([
    ['page 0', '?page=0'],
    ['a negative page', '?page=-1'],
    ['a page that is not a number', '?page=two'],
    ['a page with a fraction', '?page=1.5'],
    ['an empty page', '?page='],
    ['a page in exponent form', '?page=1e1'],
    ['a page given twice', '?page=1&page=2'],
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
