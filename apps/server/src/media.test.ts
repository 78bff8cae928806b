import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { jpegImage } from '@ambassador/media/testing/images'
import { fetchMediaFile, imageForm, uploadForm } from '@ambassador/media/testing/uploads'
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

describe('product images across services', () => {
  it("puts an uploaded image's URL in a product's existing image field, and serves it from there", async () => {
    const uploaded = await uploadForm(admin, imageForm(await jpegImage(1200, 800)))
    expect(uploaded.status).toBe(201)
    const product = await admin.post<{ id: string; image: string }>('/api/admin/products', {
      title: 'Walnut Tray',
      description: 'Oiled walnut',
      image: uploaded.body.url,
      price: 24,
    })
    expect(product.status).toBe(201)
    const shown = await admin.get<{ image: string }>(`/api/admin/products/${product.body.id}`)
    expect(shown.body.image).toBe(uploaded.body.variants.card.url)
    const served = await fetchMediaFile(platform.app, shown.body.image)
    expect(served.status).toBe(200)
    expect(served.headers['content-type']).toBe('image/webp')
  })

  it('takes multipart forms only at the upload route: every other route still refuses them', async () => {
    const response = await uploadForm(admin, imageForm(await jpegImage(10, 10)))
    expect(response.status).toBe(201)
    const elsewhere = await admin.request('POST', '/api/admin/products', imageForm(await jpegImage(10, 10)))
    expect(elsewhere.status).toBe(415)
  })
})
