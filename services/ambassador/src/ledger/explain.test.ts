import type { OrderCompletedData } from '@ambassador/contracts/events'
import type { CommissionExplanation } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completedOrder, logInAdmin, productData, publishProducts, signUpAmbassador } from '../fixtures.ts'
import { ambassadorService } from '../index.ts'
import { percent, whySentence } from './explain.ts'
import { approveMaturedCommissions } from './maturity.ts'
import { deliveredOrder, refundedOrder } from './test-events.ts'

const DAY_MS = 86_400_000
const HOLD_DAYS = 30
let now = new Date('2026-03-01T12:00:00.000Z')
const clock = { now: () => new Date(now) }

const mug = productData({ title: 'Mug', price_minor: 1000 })
const lamp = productData({ title: 'Lamp', price_minor: 8000 })

let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService], { COMMISSION_HOLD_DAYS: String(HOLD_DAYS) }, { clock })
  await publishProducts(platform, [mug, lamp])
})
afterAll(() => platform?.close())

type Ambassador = Awaited<ReturnType<typeof signUpAmbassador>>

/** A paid order through the ambassador's link: a mug at the default 10%, a lamp at a 15% monthly tier. */
async function paidOrder(ambassador: Ambassador): Promise<OrderCompletedData> {
  const order = completedOrder({ id: newId(), code: 'c0de', user_id: ambassador.id }, [
    { product: mug, quantity: 1 },
    { product: lamp, quantity: 1 },
  ])
  const tierId = newId()
  const data: OrderCompletedData = {
    ...order,
    completed_at: now.toISOString(),
    items: order.items.map((item) =>
      item.product_id === lamp.id
        ? {
            ...item,
            ambassador_revenue_minor: 1200,
            commission_rate_basis_points: 1500,
            commission_rule: 'tier',
            commission_rule_detail: {
              rule_id: tierId,
              label: 'Gold',
              base_rule: 'default',
              base_rate_basis_points: 1000,
              month_sales_minor: 124_000,
              threshold_minor: 100_000,
              line_paid_minor: 8000,
              currency: 'USD',
            },
          }
        : { ...item, commission_rate_basis_points: 1000, commission_rule: 'default', commission_rule_detail: {} },
    ),
  }
  await platform.publish('order.completed', data.id, data)
  return data
}

const itemOf = (order: OrderCompletedData, productId: string) => {
  const item = order.items.find((i) => i.product_id === productId)
  if (!item) throw new Error('no such line')
  return item
}

describe('explaining a commission', () => {
  it('says the default rate, what the line earned, and when its hold passes (from payment)', async () => {
    const ada = await signUpAmbassador(platform)
    const order = await paidOrder(ada)
    const response = await ada.client.get<CommissionExplanation>(
      `/api/ambassador/commissions/${itemOf(order, mug.id).id}/explain`,
    )
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      order_id: order.id,
      rate: 10,
      rule: { kind: 'default', id: null, label: 'The store’s default rate' },
      why: '10% — the store’s default rate',
      earned: 1,
      net: 1,
      status: 'pending',
      matures_at: new Date(now.getTime() + HOLD_DAYS * DAY_MS).toISOString(),
      timeline: [{ kind: 'accrual', amount: 1, at: now.toISOString() }],
    })
  })

  it('says the tier with the month’s sales and threshold; counts the hold from delivery; shows refund and approval', async () => {
    const bea = await signUpAmbassador(platform)
    const order = await paidOrder(bea)
    const lampLine = itemOf(order, lamp.id)
    const path = `/api/ambassador/commissions/${lampLine.id}/explain`
    const first = (await bea.client.get<CommissionExplanation>(path)).body
    expect(first).toMatchObject({
      rate: 15,
      rule: { kind: 'tier', label: 'Gold' },
      why: '15% — your monthly tier: $1,240.00 of sales this month, over $1,000.00',
      detail: { month_sales_minor: 124_000, threshold_minor: 100_000 },
      earned: 12,
    })

    now = new Date(now.getTime() + 2 * DAY_MS)
    const deliveredAt = now.toISOString()
    await platform.publish('order.delivered', order.id, deliveredOrder(order, deliveredAt))
    await platform.publish(
      'order.refunded',
      order.id,
      refundedOrder(order, [{ itemId: lampLine.id, commissionMinor: 300 }], now.toISOString()),
    )
    const refunded = (await bea.client.get<CommissionExplanation>(path)).body
    expect(refunded.matures_at).toBe(new Date(Date.parse(deliveredAt) + HOLD_DAYS * DAY_MS).toISOString())
    expect(refunded.net).toBe(9)
    expect(refunded.timeline.map((t) => [t.kind, t.amount])).toEqual([
      ['accrual', 12],
      ['reversal', -3],
    ])
    expect(refunded.timeline[1]?.text).toBe('Reversed $3.00: the customer was refunded')

    now = new Date(now.getTime() + (HOLD_DAYS + 1) * DAY_MS)
    await approveMaturedCommissions(platform.contexts.get('ambassador') ?? failNoService())
    const approved = (await bea.client.get<CommissionExplanation>(path)).body
    expect(approved).toMatchObject({ status: 'approved', matures_at: null, net: 9 })
    expect(approved.timeline.at(-1)).toMatchObject({ kind: 'approval', amount: 9 })
    expect(approved.timeline.at(-1)?.text).toMatch(/^Approved on \d{4}-\d{2}-\d{2}: \$9\.00 became available$/)

    // An admin reads any line, the sentence in the third person.
    const admin = await logInAdmin(platform)
    const asAdmin = await admin.get<CommissionExplanation>(`/api/admin/commissions/${lampLine.id}/explain`)
    expect(asAdmin.status).toBe(200)
    expect(asAdmin.body.why).toBe('15% — their monthly tier: $1,240.00 of sales this month, over $1,000.00')
  })

  it('answers 404 commission_not_found for someone else’s line, an unknown line and a malformed id', async () => {
    const cy = await signUpAmbassador(platform)
    const dee = await signUpAmbassador(platform)
    const order = await paidOrder(cy)
    const line = itemOf(order, mug.id).id
    for (const path of [line, newId(), 'not-a-uuid']) {
      const response = await dee.client.get(`/api/ambassador/commissions/${path}/explain`)
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject({ code: 'commission_not_found' })
    }
    const admin = await logInAdmin(platform)
    expect((await admin.get(`/api/admin/commissions/${newId()}/explain`)).status).toBe(404)
    // Scopes: an ambassador cannot use the admin route.
    expect((await cy.client.get(`/api/admin/commissions/${line}/explain`)).status).toBe(403)
  })
})

describe('the explanation’s sentence', () => {
  const money = (minor: number) => `$${(minor / 100).toFixed(2)}`
  it.each([
    ['10% — the store’s default rate', 1000, { kind: 'default', label: 'x' }],
    ['0% — the store’s default rate', 0, { kind: 'default', label: 'x' }],
    ['15.5% — the rate set for this product (“Teapot”)', 1550, { kind: 'product', label: 'Teapot' }],
    [
      '12% — the rate set for the product’s category “Kitchen” (the highest when several apply)',
      1200,
      { kind: 'category', label: 'Kitchen' },
    ],
    ['20% — your monthly tier “Gold”', 2000, { kind: 'tier', label: 'Gold' }],
    ['The rate of this order was not recorded (it predates frozen rates)', null, { kind: 'default', label: 'x' }],
  ])('says “%s”', (sentence, rate, rule) => {
    expect(whySentence(rate, rule, {}, money, 'your')).toBe(sentence)
  })

  it('says why an ambassador’s own order earned nothing', () => {
    const own = { kind: 'withheld', label: 'Own order' }
    expect(whySentence(0, own, { reason: 'own_email' }, money, 'your')).toBe(
      'No commission — the buyer’s email is the ambassador’s own',
    )
    expect(whySentence(0, own, { reason: 'own_address' }, money, 'their')).toBe(
      'No commission — it ships to an address the ambassador used for their own orders',
    )
  })

  it('says what a discount code’s ambassador gave up of the rate the rules gave', () => {
    const detail = { base_rule: 'default', rate_before_basis_points: 1000, given_up_basis_points: 400 }
    expect(whySentence(600, { kind: 'default', label: 'x' }, detail, money, 'your')).toBe(
      '10% — the store’s default rate, less 4% given up for your discount code’s discount: 6%',
    )
  })

  it('prints rates without trailing zeros', () => {
    expect([percent(1000), percent(1550), percent(1234), percent(5)]).toEqual(['10%', '15.5%', '12.34%', '0.05%'])
  })
})

function failNoService(): never {
  throw new Error('the ambassador service is not running')
}
