import type { Category, CommissionRule, CommissionRuleList, Product } from '@ambassador/contracts/http'
import { userData } from '@ambassador/kit/testing/events'
import type { TestClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminService } from './index.ts'
import { outbox } from './schema.ts'

let platform: TestPlatform
let admin: TestClient
let teapot: Product
let kitchen: Category
const ada = userData({ role: 'ambassador' })

beforeAll(async () => {
  platform = await startTestPlatform([adminService], { COMMISSION_RATE: '10' })
  admin = await platform.signIn(userData({ role: 'admin' }))
  await platform.publish('user.registered', ada.id, ada)
  teapot = (
    await admin.post<Product>('/api/admin/products', { title: 'Teapot', description: 'd', image: '', price: 20 })
  ).body
  kitchen = (await admin.post<Category>('/api/admin/categories', { name: 'Kitchen' })).body
})
afterAll(() => platform?.close())

const PATH = '/api/admin/commission-rules'

async function eventsAbout(key: string) {
  const db = platform.contexts.get('admin')?.db
  if (!db) throw new Error('the admin service is not running')
  await platform.drain()
  return db.select().from(outbox).where(eq(outbox.key, key)).orderBy(asc(outbox.position))
}

describe('commission rules (admin)', () => {
  it('creates a product rule named after the product, lists it beside the default rate, and announces it', async () => {
    const created = await admin.post<CommissionRule>(PATH, { kind: 'product', product_id: teapot.id, rate: 15.5 })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      kind: 'product',
      label: 'Teapot',
      rate: 15.5,
      product_id: teapot.id,
      category_id: null,
      threshold: null,
    })
    const list = await admin.get<CommissionRuleList>(PATH)
    expect(list.body.default_rate).toBe(10)
    expect(list.body.rules.map((r) => r.id)).toContain(created.body.id)
    const [event] = await eventsAbout(created.body.id)
    expect(event).toMatchObject({
      type: 'commission_rule.created',
      data: { kind: 'product', rate_basis_points: 1550, product_id: teapot.id, label: 'Teapot' },
    })
  })

  it('keeps a tier’s threshold in minor units and its currency, for one ambassador or all', async () => {
    const forAda = await admin.post<CommissionRule>(PATH, {
      kind: 'tier',
      label: 'Ada’s gold',
      rate: 20,
      threshold: 1000,
      ambassador_id: ada.id,
    })
    expect(forAda.status).toBe(201)
    expect(forAda.body).toMatchObject({ threshold: 1000, currency: 'USD', ambassador_id: ada.id, label: 'Ada’s gold' })
    const forAll = await admin.post<CommissionRule>(PATH, { kind: 'tier', rate: 12, threshold: 500.25 })
    expect(forAll.body).toMatchObject({ ambassador_id: null, label: 'Monthly sales from $500.25' })
    const [event] = await eventsAbout(forAll.body.id)
    expect(event?.data).toMatchObject({ threshold_minor: 50025, currency: 'USD', rate_basis_points: 1200 })
  })

  it('updates the rate and label and announces it; deletes and announces that; then 404s', async () => {
    const rule = (await admin.post<CommissionRule>(PATH, { kind: 'category', category_id: kitchen.id, rate: 8 })).body
    expect(rule.label).toBe('Kitchen')
    const updated = await admin.put<CommissionRule>(`${PATH}/${rule.id}`, { rate: 0, label: 'Kitchen (no commission)' })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ rate: 0, label: 'Kitchen (no commission)', category_id: kitchen.id })
    expect((await admin.get<CommissionRule>(`${PATH}/${rule.id}`)).body.rate).toBe(0)
    expect((await admin.delete(`${PATH}/${rule.id}`)).status).toBe(204)
    expect((await eventsAbout(rule.id)).map((e) => e.type)).toEqual([
      'commission_rule.created',
      'commission_rule.updated',
      'commission_rule.deleted',
    ])
    for (const response of [
      await admin.get(`${PATH}/${rule.id}`),
      await admin.put(`${PATH}/${rule.id}`, { rate: 5 }),
      await admin.delete(`${PATH}/${rule.id}`),
      await admin.get(`${PATH}/not-a-uuid`),
    ]) {
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject({ code: 'commission_rule_not_found' })
    }
  })

  it('refuses a second rule for the same product, category or tier with 409 commission_rule_exists', async () => {
    const category = (await admin.post<Category>('/api/admin/categories', { name: 'Garden' })).body
    expect((await admin.post(PATH, { kind: 'category', category_id: category.id, rate: 5 })).status).toBe(201)
    const again = await admin.post(PATH, { kind: 'category', category_id: category.id, rate: 6 })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'commission_rule_exists' })
    expect((await admin.post(PATH, { kind: 'tier', rate: 30, threshold: 5000 })).status).toBe(201)
    expect((await admin.post(PATH, { kind: 'tier', rate: 31, threshold: 5000 })).status).toBe(409)
    // The same threshold for one ambassador is another tier.
    expect((await admin.post(PATH, { kind: 'tier', rate: 31, threshold: 5000, ambassador_id: ada.id })).status).toBe(
      201,
    )
  })

  describe.each([
    ['a rate above 100%', { kind: 'product', rate: 100.01 }, undefined],
    ['a rate with 3 decimals', { kind: 'tier', rate: 10.125, threshold: 1 }, 'commission_rule_invalid'],
    ['a negative rate', { kind: 'tier', rate: -1, threshold: 1 }, undefined],
    ['a product rule without a product', { kind: 'product', rate: 5 }, 'commission_rule_invalid'],
    [
      'an unknown product',
      { kind: 'product', rate: 5, product_id: '0190d2a4-0000-7000-8000-000000000000' },
      'unknown_product',
    ],
    [
      'an unknown category',
      { kind: 'category', rate: 5, category_id: '0190d2a4-0000-7000-8000-000000000000' },
      'unknown_category',
    ],
    ['a tier without a threshold', { kind: 'tier', rate: 5 }, 'commission_rule_invalid'],
    ['a threshold with 3 decimals', { kind: 'tier', rate: 5, threshold: 1.001 }, 'commission_rule_invalid'],
    [
      'a tier for someone who is no ambassador',
      { kind: 'tier', rate: 5, threshold: 1, ambassador_id: '0190d2a4-0000-7000-8000-000000000000' },
      'unknown_ambassador',
    ],
    [
      'a category rule with a threshold',
      { kind: 'category', rate: 5, category_id: '0190d2a4-0000-7000-8000-000000000000', threshold: 3 },
      'commission_rule_invalid',
    ],
    ['an unknown kind', { kind: 'coupon', rate: 5 }, undefined],
  ])('refuses %s with 400', (_name, body, code) => {
    it('answers 400 and stores nothing', async () => {
      const before = (await admin.get<CommissionRuleList>(PATH)).body.rules.length
      const response = await admin.post(PATH, body)
      expect(response.status).toBe(400)
      if (code) expect(response.body).toMatchObject({ code })
      expect((await admin.get<CommissionRuleList>(PATH)).body.rules).toHaveLength(before)
    })
  })

  it('refuses a threshold on a product rule’s update, and keeps admin-only access', async () => {
    const rule = (
      await admin.post<CommissionRule>(PATH, { kind: 'product', product_id: await newProductId(), rate: 5 })
    ).body
    const response = await admin.put(`${PATH}/${rule.id}`, { threshold: 100 })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ code: 'commission_rule_invalid' })
    const ambassador = await platform.signIn(userData({ role: 'ambassador' }))
    expect((await ambassador.get(PATH)).status).toBe(403)
    expect((await ambassador.post(PATH, { kind: 'tier', rate: 50, threshold: 0 })).status).toBe(403)
  })
})

async function newProductId() {
  const response = await admin.post<Product>('/api/admin/products', {
    title: 'Vase',
    description: 'd',
    image: '',
    price: 9,
  })
  return response.body.id
}
