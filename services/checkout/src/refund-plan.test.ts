import { splitCommission } from '@ambassador/kit/money/money'
import { describe, expect, it } from 'vitest'
import { planRefund, type RefundableLine } from './refund-plan.ts'

/** A line as placed at `rate` basis points, nothing refunded yet. */
function line(id: string, priceMinor: number, quantity: number, rate = 1000, discountMinor = 0): RefundableLine {
  return {
    id,
    priceMinor,
    quantity,
    discountMinor,
    ambassadorRevenueMinor: splitCommission(priceMinor * quantity - discountMinor, rate).ambassadorMinor,
    commissionRateBasisPoints: rate,
    refundedQuantity: 0,
    refundedMinor: 0,
    refundedAmbassadorMinor: 0,
  }
}

/** The line after a planned refund took its part. */
function after(original: RefundableLine, planned: ReturnType<typeof planRefund>): RefundableLine {
  const taken = planned.find((p) => p.orderItemId === original.id)
  if (!taken) return original
  return {
    ...original,
    refundedQuantity: original.refundedQuantity + taken.quantity,
    refundedMinor: original.refundedMinor + taken.amountMinor,
    refundedAmbassadorMinor: original.refundedAmbassadorMinor + taken.ambassadorRevenueMinor,
  }
}

describe('planning a refund', () => {
  const order = [line('a', 1999, 1), line('b', 1333, 3), line('c', 750, 2)]

  it('takes back exactly one line’s units and that line’s commission on them, at the line’s frozen rate', () => {
    // The order was placed at 12.5%; whatever the store's rate is today, the line's own rate applies.
    const lines = [line('a', 1999, 1, 1250), line('b', 1333, 3, 1250), line('c', 750, 2, 1250)]
    expect(planRefund(lines, { items: [{ orderItemId: 'b', quantity: 2 }] })).toEqual([
      {
        orderItemId: 'b',
        quantity: 2,
        amountMinor: 2666,
        ambassadorRevenueMinor: 333, // 12.5% of 26.66 = 3.3325, rounded half up once
        adminRevenueMinor: 2333,
      },
    ])
  })

  it('takes back the whole commission of a line refunded unit by unit, to the cent', () => {
    let b = line('b', 1333, 3, 1000) // commission 3.999 → 4.00 on the line
    let reversed = 0
    for (let i = 0; i < 3; i++) {
      const planned = planRefund([b], { items: [{ orderItemId: 'b', quantity: 1 }] })
      reversed += planned[0]?.ambassadorRevenueMinor ?? 0
      b = after(b, planned)
    }
    expect(reversed).toBe(400)
    expect(b.refundedMinor).toBe(3999)
  })

  it('spreads an amount over the lines in proportion to what is left on each, the remainder on the last line', () => {
    const planned = planRefund(order, { amountMinor: 1000 })
    // Left: 1999, 3999, 1500 of 7498 → 266.6…, 533.3…, 200.0… → 266, 533, 200 and the remaining 1 on the last.
    expect(planned.map((p) => [p.orderItemId, p.amountMinor, p.quantity])).toEqual([
      ['a', 266, 0],
      ['b', 533, 0],
      ['c', 201, 0],
    ])
    expect(planned.reduce((sum, p) => sum + p.amountMinor, 0)).toBe(1000)
    for (const p of planned) expect(p.adminRevenueMinor + p.ambassadorRevenueMinor).toBe(p.amountMinor)
  })

  it('takes back every commission whole when the whole order is refunded as an amount', () => {
    const planned = planRefund(order, { amountMinor: 1999 + 3999 + 1500 })
    expect(planned.map((p) => p.ambassadorRevenueMinor)).toEqual(order.map((l) => l.ambassadorRevenueMinor))
  })

  it('refuses more units than a line has left, and more money than the order has left', () => {
    const partly = after(order[1] as RefundableLine, planRefund(order, { items: [{ orderItemId: 'b', quantity: 2 }] }))
    expect(() => planRefund([partly], { items: [{ orderItemId: 'b', quantity: 2 }] })).toThrow(
      expect.objectContaining({ statusCode: 400, code: 'refund_exceeds_payment' }),
    )
    expect(() => planRefund(order, { amountMinor: 7499 })).toThrow(
      expect.objectContaining({ statusCode: 400, code: 'refund_exceeds_payment' }),
    )
  })

  it('refuses a line that is not on the order', () => {
    expect(() => planRefund(order, { items: [{ orderItemId: 'zzz', quantity: 1 }] })).toThrow(
      expect.objectContaining({ statusCode: 400, message: expect.stringContaining('not part of this order') }),
    )
  })

  describe('on a line a coupon discounted', () => {
    // 3 × 10.00 with 1.00 off: 29.00 paid, commission 2.90 at 10%.
    const discounted = line('d', 1000, 3, 1000, 100)

    it('gives back what was paid for the units, not their price', () => {
      const [first] = planRefund([discounted], { items: [{ orderItemId: 'd', quantity: 1 }] })
      expect(first).toMatchObject({ quantity: 1, amountMinor: 966, ambassadorRevenueMinor: 97 })
    })

    it('gives back exactly what was paid once every unit is refunded, one at a time, and all its commission', () => {
      let current = discounted
      let refunded = 0
      let reversed = 0
      for (let i = 0; i < 3; i++) {
        const planned = planRefund([current], { items: [{ orderItemId: 'd', quantity: 1 }] })
        refunded += planned[0]?.amountMinor ?? 0
        reversed += planned[0]?.ambassadorRevenueMinor ?? 0
        current = after(current, planned)
      }
      expect(refunded).toBe(2900)
      expect(reversed).toBe(290)
      expect(() => planRefund([current], { items: [{ orderItemId: 'd', quantity: 1 }] })).toThrow(/0 unit/)
    })

    it('refuses an amount above what was paid', () => {
      expect(() => planRefund([discounted], { amountMinor: 2901 })).toThrow(/29\.00/)
      expect(planRefund([discounted], { amountMinor: 2900 })[0]?.amountMinor).toBe(2900)
    })
  })
})
