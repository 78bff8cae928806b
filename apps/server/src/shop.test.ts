import type { Category, StoreProductPage } from '@ambassador/contracts/http'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startWholePlatform()
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
})
afterAll(() => platform?.close())

describe('the shop catalog across services', () => {
  it('shows what the admin puts in a category, and hides it once the admin makes it inactive', async () => {
    const lamps = await admin.post<Category>('/api/admin/categories', { name: 'Lamps' })
    const lamp = await admin.post<{ id: string; slug: string }>('/api/admin/products', {
      title: 'Brass Desk Lamp',
      description: 'Warm light for late nights',
      image: 'https://img.example.com/lamp.webp',
      price: '49.90',
      category_ids: [lamps.body.id],
    })
    expect(lamp.status).toBe(201)
    await platform.drain()
    const shopper = testClient(platform.app)
    const found = await shopper.get<StoreProductPage>('/api/store/products?category=lamps&q=lamp')
    expect(found.body.data).toEqual([
      expect.objectContaining({ slug: 'brass-desk-lamp', price: 49.9, categories: [{ slug: 'lamps', name: 'Lamps' }] }),
    ])
    expect((await shopper.get(`/api/store/products/${lamp.body.slug}`)).status).toBe(200)

    await admin.put(`/api/admin/products/${lamp.body.id}`, { active: false })
    await platform.drain()
    expect((await shopper.get<StoreProductPage>('/api/store/products?q=lamp')).body.total).toBe(0)
    expect((await shopper.get(`/api/store/products/${lamp.body.slug}`)).status).toBe(404)
  })
})
