import { randomUUID } from 'node:crypto'
import type { CommissionRuleData, EventEnvelope } from '@ambassador/contracts/events'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCheckoutService } from './index.ts'
import { commissionRules, orderItems, orders } from './schema.ts'
import {
  checkoutDb,
  completedEvents,
  orderBody,
  orderOfSession,
  payWithCard,
  type SeededStore,
  seedStore,
} from './testing/store.ts'

let platform: TestPlatform
let store: SeededStore
let teapotId: string
let cupsId: string
const KITCHEN = randomUUID()

beforeAll(async () => {
  platform = await startTestPlatform([createCheckoutService()], { COMMISSION_RATE: '10' })
  store = await seedStore(platform, [
    { title: 'Teapot', price_minor: 2000 },
    { title: 'Cups', price_minor: 500, category_ids: [KITCHEN] },
  ])
  teapotId = store.products[0]?.id ?? ''
  cupsId = store.products[1]?.id ?? ''
})
afterAll(() => platform?.close())

function ruleData(fields: Partial<CommissionRuleData> & Pick<CommissionRuleData, 'kind' | 'rate_basis_points'>) {
  return {
    id: randomUUID(),
    label: 'A rule',
    product_id: null,
    category_id: null,
    ambassador_id: null,
    threshold_minor: null,
    currency: null,
    ...fields,
  } satisfies CommissionRuleData
}

/** Places a link order for the products and pays it; returns the order and its lines. */
async function paidOrder(products: { product_id: string; quantity: number }[]) {
  const placed = await testClient(platform.app).post<{ id: string; url: string }>(
    '/api/checkout/orders',
    orderBody(store.link.code, products),
  )
  expect(placed.status).toBe(201)
  expect((await payWithCard(platform, placed.body.url, '4242 4242 4242 4242')).status).toBe(303)
  const order = await orderOfSession(platform, placed.body.id)
  const lines = await checkoutDb(platform).select().from(orderItems).where(eq(orderItems.orderId, order.id))
  const line = (productId: string) => {
    const found = lines.find((l) => l.productId === productId)
    if (!found) throw new Error(`the order has no line for ${productId}`)
    return found
  }
  return { order, line }
}

describe('commission rules at checkout', () => {
  it('freezes the product rule on the line and in order.completed; a later change of the rule changes neither', async () => {
    const rule = ruleData({ kind: 'product', product_id: teapotId, label: 'Teapot launch', rate_basis_points: 2500 })
    await platform.publish('commission_rule.created', rule.id, rule)
    const { order, line } = await paidOrder([
      { product_id: teapotId, quantity: 1 },
      { product_id: cupsId, quantity: 2 },
    ])
    expect(line(teapotId)).toMatchObject({
      commissionRateBasisPoints: 2500,
      ambassadorRevenueMinor: 500,
      commissionRule: 'product',
      commissionRuleId: rule.id,
      commissionRuleLabel: 'Teapot launch',
      commissionRuleDetail: { base_rule: 'product', base_rate_basis_points: 2500, line_paid_minor: 2000 },
    })
    expect(line(cupsId)).toMatchObject({ commissionRateBasisPoints: 1000, commissionRule: 'default' })
    const [event] = await completedEvents(platform, order.id)
    expect(event?.items.find((item) => item.product_id === teapotId)).toMatchObject({
      commission_rate_basis_points: 2500,
      commission_rule: 'product',
      commission_rule_detail: { rule_id: rule.id, label: 'Teapot launch', line_paid_minor: 2000 },
    })

    await platform.publish('commission_rule.updated', rule.id, { ...rule, rate_basis_points: 500 })
    await platform.publish('commission_rule.deleted', rule.id, { id: rule.id })
    const again = await checkoutDb(platform)
      .select()
      .from(orderItems)
      .where(eq(orderItems.id, line(teapotId).id))
    expect(again[0]).toMatchObject({
      commissionRateBasisPoints: 2500,
      commissionRule: 'product',
      ambassadorRevenueMinor: 500,
    })
  })

  it('keeps the newest version of a rule: an older event delivered late changes nothing, a deleted rule stays gone', async () => {
    const rule = ruleData({ kind: 'category', category_id: KITCHEN, label: 'Kitchen', rate_basis_points: 1500 })
    const created = await platform.publish('commission_rule.created', rule.id, rule)
    await platform.publish('commission_rule.updated', rule.id, { ...rule, rate_basis_points: 2000 })
    await platform.redeliver({ ...created, id: randomUUID() } as EventEnvelope)
    const [kept] = await checkoutDb(platform).select().from(commissionRules).where(eq(commissionRules.id, rule.id))
    expect(kept?.rateBasisPoints).toBe(2000)

    const { line } = await paidOrder([{ product_id: cupsId, quantity: 1 }])
    expect(line(cupsId)).toMatchObject({
      commissionRateBasisPoints: 2000,
      commissionRule: 'category',
      commissionRuleLabel: 'Kitchen',
    })

    await platform.publish('commission_rule.deleted', rule.id, { id: rule.id })
    await platform.redeliver({ ...created, id: randomUUID() } as EventEnvelope)
    expect(await checkoutDb(platform).select().from(commissionRules).where(eq(commissionRules.id, rule.id))).toEqual([])
  })

  it('raises the rate by the monthly tier once the ambassador’s paid sales this month reach it, not last month’s', async () => {
    // The tests above deleted their rules: only the tier below can apply.
    expect(await checkoutDb(platform).select().from(commissionRules)).toEqual([])
    // Sales so far this month: everything paid above. A tier at that total is reached by the next order.
    const before = await checkoutDb(platform).select().from(orders).where(eq(orders.ambassadorId, store.ambassador.id))
    const salesMinor = before
      .filter((o) => o.status === 'completed')
      .reduce((sum, o) => sum + o.totalMinor - o.refundedMinor, 0)
    const tier = ruleData({
      kind: 'tier',
      label: 'Gold',
      threshold_minor: salesMinor,
      currency: 'USD',
      rate_basis_points: 1500,
    })
    await platform.publish('commission_rule.created', tier.id, tier)
    const reached = await paidOrder([{ product_id: teapotId, quantity: 1 }])
    expect(reached.line(teapotId)).toMatchObject({
      commissionRateBasisPoints: 1500,
      commissionRule: 'tier',
      commissionRuleId: tier.id,
      commissionRuleDetail: { month_sales_minor: salesMinor, threshold_minor: salesMinor, base_rule: 'default' },
    })

    // Move every paid order of this ambassador to last month: this month's sales are 0, below the tier.
    const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 0, 23, 59)).toISOString()
    await checkoutDb(platform)
      .update(orders)
      .set({ completedAt: lastMonth })
      .where(eq(orders.ambassadorId, store.ambassador.id))
    const fresh = await paidOrder([{ product_id: teapotId, quantity: 1 }])
    expect(fresh.line(teapotId)).toMatchObject({ commissionRateBasisPoints: 1000, commissionRule: 'default' })
  })
})
