import type { Category, Product } from '@ambassador/contracts/http'
import { userData } from '@ambassador/kit/testing/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminService } from './index.ts'
import { outbox } from './schema.ts'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startTestPlatform([adminService])
  admin = await platform.signIn(userData({ role: 'admin' }))
})
afterAll(() => platform?.close())

const product = (fields: Record<string, unknown>) =>
  admin.post<Product>('/api/admin/products', { description: 'd', image: '', price: 5, ...fields })

async function eventsAbout(key: string) {
  const db = platform.contexts.get('admin')?.db
  if (!db) throw new Error('the admin service is not running')
  await platform.drain()
  return db.select().from(outbox).where(eq(outbox.key, key)).orderBy(asc(outbox.position))
}

describe('categories and the shop fields of a product', () => {
  it('creates categories with a slug from the name, lists them by name, and refuses a taken slug with 409', async () => {
    const mugs = await admin.post<Category>('/api/admin/categories', { name: 'Mugs & Cups' })
    expect(mugs.status).toBe(201)
    expect(mugs.body).toEqual({ id: expect.any(String), slug: 'mugs-cups', name: 'Mugs & Cups' })
    expect((await admin.post('/api/admin/categories', { name: 'Café' })).body).toMatchObject({ slug: 'cafe' })
    const taken = await admin.post('/api/admin/categories', { name: 'Other mugs', slug: 'mugs-cups' })
    expect(taken.status).toBe(409)
    expect(taken.body).toMatchObject({ code: 'slug_taken' })
    expect((await admin.post('/api/admin/categories', { name: 'Bad', slug: 'Not A Slug' })).status).toBe(400)
    const names = (await admin.get<Category[]>('/api/admin/categories')).body.map((c) => c.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)))
    expect((await eventsAbout(mugs.body.id)).map((e) => e.type)).toEqual(['category.created'])
  })

  it('puts a product in categories with its slug, pictures and active flag, and announces them', async () => {
    const tea = (await admin.post<Category>('/api/admin/categories', { name: 'Tea' })).body
    const gifts = (await admin.post<Category>('/api/admin/categories', { name: 'Gifts' })).body
    const created = await product({
      title: 'Green Tea',
      slug: 'green-tea-100g',
      category_ids: [tea.id, gifts.id, tea.id],
      images: ['https://img.example.com/a.webp', 'https://img.example.com/b.webp'],
      active: false,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      slug: 'green-tea-100g',
      category_ids: [tea.id, gifts.id],
      images: ['https://img.example.com/a.webp', 'https://img.example.com/b.webp'],
      image: 'https://img.example.com/a.webp',
      active: false,
    })
    const [event] = await eventsAbout(created.body.id)
    expect(event?.data).toMatchObject({ slug: 'green-tea-100g', category_ids: [tea.id, gifts.id], active: false })
    // The reference field alone replaces the first picture and keeps the others.
    const updated = await admin.put<Product>(`/api/admin/products/${created.body.id}`, {
      image: 'https://img.example.com/c.webp',
    })
    expect(updated.body.images).toEqual(['https://img.example.com/c.webp', 'https://img.example.com/b.webp'])
  })

  it('gives a second product of the same title a slug of its own', async () => {
    const first = await product({ title: 'Kite' })
    const second = await product({ title: 'Kite' })
    expect(first.body.slug).toBe('kite')
    expect(second.body.slug).toMatch(/^kite-[0-9a-f]{8}$/)
  })

  it('refuses an unknown category (400), a taken slug (409) and a malformed slug (400)', async () => {
    const unknown = await product({ title: 'Lamp', category_ids: ['0190d2a4-0000-7000-8000-000000000000'] })
    expect(unknown.status).toBe(400)
    expect(unknown.body).toMatchObject({ code: 'unknown_category' })
    expect((await product({ title: 'Lamp', category_ids: ['nope'] })).status).toBe(400)
    await product({ title: 'Lamp', slug: 'lamp' })
    expect((await product({ title: 'Other lamp', slug: 'lamp' })).status).toBe(409)
    expect((await product({ title: 'Lamp', slug: '-lamp-' })).status).toBe(400)
    const other = await product({ title: 'Desk' })
    const clash = await admin.put(`/api/admin/products/${other.body.id}`, { slug: 'lamp' })
    expect(clash.status).toBe(409)
    expect(clash.body).toMatchObject({ code: 'slug_taken' })
  })

  it('takes a deleted category off its products and announces each of them', async () => {
    const toys = (await admin.post<Category>('/api/admin/categories', { name: 'Toys' })).body
    const yoyo = (await product({ title: 'Yoyo', category_ids: [toys.id] })).body
    expect((await admin.delete(`/api/admin/categories/${toys.id}`)).status).toBe(204)
    expect((await admin.get<Product>(`/api/admin/products/${yoyo.id}`)).body.category_ids).toEqual([])
    expect((await eventsAbout(yoyo.id)).map((e) => e.type)).toEqual(['product.created', 'product.updated'])
    expect((await eventsAbout(toys.id)).map((e) => e.type)).toEqual(['category.created', 'category.deleted'])
    expect((await admin.delete(`/api/admin/categories/${toys.id}`)).status).toBe(404)
  })
})
