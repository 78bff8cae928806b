import { randomUUID } from 'node:crypto'
import type { CategoryData, ProductData } from '@ambassador/contracts/events'
import type { StoreProduct, StoreProductPage } from '@ambassador/contracts/http'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storeService } from './index.ts'

let platform: TestPlatform
const shop = () => testClient(platform.app)

const category = (slug: string, name: string): CategoryData => ({ id: randomUUID(), slug, name })
const tea = category('tea', 'Tea')
const mugs = category('mugs', 'Mugs')
const gifts = category('gifts', 'Gifts')

let day = 0
/** A product as the admin announces it; each one a day newer than the last. */
function product(title: string, priceMinor: number, fields: Partial<ProductData> = {}): ProductData {
  day++
  return {
    id: randomUUID(),
    title,
    description: `All about ${title}`,
    image: '',
    price_minor: priceMinor,
    currency: 'USD',
    slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    category_ids: [],
    images: [`https://img.example.com/${day}.webp`],
    active: true,
    created_at: new Date(Date.UTC(2026, 0, day)).toISOString(),
    ...fields,
  }
}

const greenTea = product('Green Tea', 1200, { category_ids: [tea.id], description: 'Fresh leaves from Japan' })
const blackTea = product('Black Tea', 900, { category_ids: [tea.id, gifts.id] })
const teacherMug = product('Teacher Mug', 1500, { category_ids: [mugs.id, gifts.id] })
const plainMug = product('Plain Mug', 800, { category_ids: [mugs.id], description: 'Goes well with green tea' })
const hiddenKettle = product('Kettle', 3000, { category_ids: [tea.id], active: false })
const legacy: ProductData = {
  id: randomUUID(),
  title: 'Old Spoon',
  description: 'From before the shop',
  image: 'https://img.example.com/spoon.png',
  price_minor: 300,
  currency: 'USD',
}

beforeAll(async () => {
  platform = await startTestPlatform([storeService])
  for (const c of [tea, mugs, gifts]) await platform.publish('category.created', c.id, c)
  for (const p of [greenTea, blackTea, teacherMug, plainMug, hiddenKettle, legacy]) {
    await platform.publish('product.created', p.id, p)
  }
})
afterAll(() => platform?.close())

async function search(query: string) {
  const response = await shop().get<StoreProductPage>(`/api/store/products${query}`)
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return response.body
}
const titles = (page: StoreProductPage) => page.data.map((p) => p.title)

describe('the shop catalog', () => {
  it('lists every active product, newest first, with facets, a product announced before the shop included', async () => {
    const page = await search('')
    // The old spoon's event carries no creation time: it counts from when it was announced, today.
    expect(titles(page)).toEqual(['Old Spoon', 'Plain Mug', 'Teacher Mug', 'Black Tea', 'Green Tea'])
    expect(page).toMatchObject({ total: 5, page: 1, last_page: 1 })
    expect(page.facets).toEqual({
      categories: [
        { slug: 'gifts', name: 'Gifts', count: 2 },
        { slug: 'mugs', name: 'Mugs', count: 2 },
        { slug: 'tea', name: 'Tea', count: 2 },
      ],
      price: { min: 3, max: 15 },
    })
    const spoon = page.data.find((p) => p.title === 'Old Spoon')
    expect(spoon).toMatchObject({ slug: legacy.id, image: legacy.image, images: [legacy.image], in_stock: true })
  })

  it('finds words in titles before words in descriptions, and forgives a typo', async () => {
    expect(titles(await search('?q=green+tea'))).toEqual(['Green Tea', 'Plain Mug'])
    expect(titles(await search('?q=japan'))).toEqual(['Green Tea'])
    expect(titles(await search('?q=techer'))).toEqual(['Teacher Mug'])
    const none = await search('?q=submarine')
    expect(none).toMatchObject({ data: [], total: 0, last_page: 1 })
  })

  it('finds the word a shopper is still typing, and takes what they type as words, never as query syntax', async () => {
    expect(titles(await search('?q=teach'))).toEqual(['Teacher Mug'])
    expect(titles(await search('?q=green+te'))).toEqual(['Green Tea', 'Plain Mug'])
    expect((await search(`?q=${encodeURIComponent("tea & !mug | ('")}`)).total).toBeGreaterThan(0)
    expect((await search(`?q=${encodeURIComponent('&|!()')}`)).total).toBe(5)
  })

  it('filters by category, counting the category facet under every other filter', async () => {
    const page = await search('?category=tea&max_price=10')
    expect(titles(page)).toEqual(['Black Tea'])
    // Which categories the shopper could switch to, under the same price filter.
    expect(page.facets.categories).toEqual([
      { slug: 'gifts', name: 'Gifts', count: 1 },
      { slug: 'mugs', name: 'Mugs', count: 1 },
      { slug: 'tea', name: 'Tea', count: 1 },
    ])
    // And the price range the shopper could move to, within the category.
    expect(page.facets.price).toEqual({ min: 9, max: 12 })
  })

  it('sorts by price both ways, and pages', async () => {
    expect(titles(await search('?sort=price_asc'))).toEqual([
      'Old Spoon',
      'Plain Mug',
      'Black Tea',
      'Green Tea',
      'Teacher Mug',
    ])
    expect(titles(await search('?sort=price_desc&min_price=8.5'))).toEqual(['Teacher Mug', 'Green Tea', 'Black Tea'])
    const second = await search('?sort=price_asc&per_page=2&page=2')
    expect(titles(second)).toEqual(['Black Tea', 'Green Tea'])
    expect(second).toMatchObject({ total: 5, page: 2, last_page: 3 })
    expect(await search('?per_page=2&page=9')).toMatchObject({ data: [], total: 5, last_page: 3 })
  })

  it('answers 400 to an unknown category, an inverted price range, or a sort it does not know', async () => {
    for (const query of [
      '?category=boats',
      '?min_price=10&max_price=5',
      '?sort=cheapest',
      '?per_page=101',
      '?min_price=1.999',
    ]) {
      const response = await shop().get(`/api/store/products${query}`)
      expect(response.status, query).toBe(400)
    }
  })

  it('shows one active product by its slug with its categories, and 404 for an inactive or unknown one', async () => {
    const found = await shop().get<StoreProduct>('/api/store/products/teacher-mug')
    expect(found.body).toMatchObject({
      id: teacherMug.id,
      price: 15,
      categories: [
        { slug: 'gifts', name: 'Gifts' },
        { slug: 'mugs', name: 'Mugs' },
      ],
    })
    expect((await shop().get('/api/store/products/kettle')).status).toBe(404)
    expect((await shop().get('/api/store/products/no-such-thing')).status).toBe(404)
  })

  it('lists the categories with how many active products each has', async () => {
    expect((await shop().get('/api/store/categories')).body).toEqual([
      { slug: 'gifts', name: 'Gifts', count: 2 },
      { slug: 'mugs', name: 'Mugs', count: 2 },
      { slug: 'tea', name: 'Tea', count: 2 },
    ])
  })

  it('leaves out what checkout says is sold out when asked for what is in stock', async () => {
    await platform.publish('inventory.changed', greenTea.id, { product_id: greenTea.id, in_stock: false, available: 0 })
    expect(titles(await search('?category=tea&in_stock=true'))).toEqual(['Black Tea'])
    expect((await search('?category=tea')).data.find((p) => p.title === 'Green Tea')?.in_stock).toBe(false)
    await platform.publish('inventory.changed', greenTea.id, { product_id: greenTea.id, in_stock: true, available: 4 })
    expect(titles(await search('?category=tea&in_stock=true'))).toEqual(['Black Tea', 'Green Tea'])
  })

  it('keeps news of a product’s stock that arrives before the product, and ignores older news', async () => {
    const kettle = product('Copper Kettle', 4000)
    const soldOut = await platform.publish('inventory.changed', kettle.id, {
      product_id: kettle.id,
      in_stock: false,
      available: 0,
    })
    await platform.publish('product.created', kettle.id, kettle)
    expect((await search('?q=kettle')).data[0]?.in_stock).toBe(false)

    // An event from before the sell-out, delivered late (a replay): it must not put the kettle back on sale.
    const older = new Date(Date.parse(soldOut.occurredAt) - 60_000).toISOString()
    await platform.redeliver({
      ...soldOut,
      id: randomUUID(),
      occurredAt: older,
      data: { product_id: kettle.id, in_stock: true, available: 3 },
    })
    expect((await search('?q=kettle')).data[0]?.in_stock).toBe(false)
  })

  it('follows changes at once, and a deleted product never comes back from a replayed older event', async () => {
    const lamp = product('Desk Lamp', 2500)
    const created = await platform.publish('product.created', lamp.id, lamp)
    expect(titles(await search('?q=lamp'))).toEqual(['Desk Lamp'])
    await platform.publish('product.updated', lamp.id, { ...lamp, price_minor: 2000 })
    expect((await search('?q=lamp')).data[0]?.price).toBe(20)
    await platform.publish('product.deleted', lamp.id, { id: lamp.id })
    await platform.redeliver({ ...created, id: randomUUID() })
    expect(titles(await search('?q=lamp'))).toEqual([])
  })
})
