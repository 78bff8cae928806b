import { randomUUID } from 'node:crypto'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from './index.ts'
import { ambassadors } from './schema.ts'
import { checkoutDb, seedStore } from './testing/store.ts'

let platform: TestPlatform

beforeAll(async () => {
  platform = await startTestPlatform([checkoutService])
})
afterAll(() => platform?.close())

describe('checkout links', () => {
  it("shows a link's ambassador by name and its products in link order, never an email", async () => {
    const store = await seedStore(platform, [
      { title: 'Teapot', price_minor: 2500 },
      { title: 'Cups', price_minor: 1999 },
    ])
    const response = await testClient(platform.app).get(`/api/checkout/links/${store.link.code}`)
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      id: store.link.id,
      code: store.link.code,
      user: { id: store.ambassador.id, first_name: 'Ada', last_name: 'Lovelace' },
      products: store.products.map((p) => ({
        id: p.id,
        title: p.title,
        description: p.description,
        image: p.image,
        price: p.price_minor / 100,
      })),
    })
    expect(response.text).not.toContain(store.ambassador.email)
    expect(response.text).not.toMatch(/email/i)
  })

  it.each(['no-such-code', 'x'.repeat(90)])('answers 404 for the unknown code %s', async (code) => {
    const response = await testClient(platform.app).get(`/api/checkout/links/${code}`)
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'Link not found' })
  })

  it('follows product updates and deletions, and ignores replayed events', async () => {
    const store = await seedStore(platform, [
      { title: 'Kettle', price_minor: 4000 },
      { title: 'Mug', price_minor: 900 },
    ])
    const [kettle, mug] = store.products
    if (!kettle || !mug) throw new Error('seeding failed')
    const updated = await platform.publish('product.updated', kettle.id, { ...kettle, price_minor: 4550 })
    const deleted = await platform.publish('product.deleted', mug.id, { id: mug.id })
    await platform.redeliver(updated)
    await platform.redeliver(deleted)
    const response = await testClient(platform.app).get<{ products: { id: string; price: number }[] }>(
      `/api/checkout/links/${store.link.code}`,
    )
    expect(response.body.products).toEqual([expect.objectContaining({ id: kettle.id, price: 45.5 })])
  })

  it('keeps the newest price when an older update arrives late, and never revives a deleted product', async () => {
    const store = await seedStore(platform, [
      { title: 'Teapot', price_minor: 3000 },
      { title: 'Saucer', price_minor: 500 },
    ])
    const [teapot, saucer] = store.products
    if (!teapot || !saucer) throw new Error('seeding failed')
    const older = await platform.publish('product.updated', teapot.id, { ...teapot, price_minor: 3100 })
    await platform.publish('product.updated', teapot.id, { ...teapot, price_minor: 3200 })
    await platform.redeliver({ ...older, id: randomUUID() }) // a replay of the older change
    const saucerEvent = await platform.publish('product.updated', saucer.id, { ...saucer, price_minor: 550 })
    await platform.publish('product.deleted', saucer.id, { id: saucer.id })
    await platform.redeliver({ ...saucerEvent, id: randomUUID(), occurredAt: new Date().toISOString() })

    const response = await testClient(platform.app).get<{ products: { id: string; price: number }[] }>(
      `/api/checkout/links/${store.link.code}`,
    )
    expect(response.body.products).toEqual([expect.objectContaining({ id: teapot.id, price: 32 })])
  })

  it('renames the ambassador on user.updated and never records admins', async () => {
    const store = await seedStore(platform, [{ title: 'Lamp', price_minor: 3000 }])
    const renamed = await platform.publish('user.updated', store.ambassador.id, {
      ...store.ambassador,
      first_name: 'Augusta',
    })
    // A late copy of an older change (a replay) does not put the old name back.
    await platform.redeliver({
      ...renamed,
      id: randomUUID(),
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      data: store.ambassador,
    })
    const admin = { id: randomUUID(), first_name: 'Root', last_name: 'Admin', email: 'root@example.com' }
    await platform.publish('user.registered', admin.id, { ...admin, role: 'admin' })
    const response = await testClient(platform.app).get(`/api/checkout/links/${store.link.code}`)
    expect(response.body).toMatchObject({ user: { id: store.ambassador.id, first_name: 'Augusta' } })
    expect(await checkoutDb(platform).select().from(ambassadors).where(eq(ambassadors.id, admin.id))).toEqual([])
  })

  it('shows a link whose ambassador has not arrived yet, and records a link announced twice once', async () => {
    const code = `early-${randomUUID().slice(0, 8)}`
    const link = {
      id: randomUUID(),
      code,
      user_id: randomUUID(),
      product_ids: [],
      created_at: new Date().toISOString(),
    }
    await platform.publish('link.created', link.id, link)
    // The same link under a new event id: the inbox cannot tell, the upsert must.
    await platform.redeliver({
      id: randomUUID(),
      type: 'link.created',
      version: 1,
      occurredAt: new Date().toISOString(),
      key: link.id,
      data: link,
    })
    const response = await testClient(platform.app).get(`/api/checkout/links/${code}`)
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      id: link.id,
      code,
      user: { id: link.user_id, first_name: '', last_name: '' },
      products: [],
    })
  })
})
