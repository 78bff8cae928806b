import { describe, expect, it } from 'vitest'
import { type CouponTerms, describeCoupon, discountLines } from './coupon-terms.ts'

const now = new Date('2026-06-01T12:00:00Z')
const CLOTHES = '0190aaaa-0000-7000-8000-000000000001'
const BOOKS = '0190aaaa-0000-7000-8000-000000000002'

function coupon(terms: Partial<CouponTerms> = {}): CouponTerms {
  return {
    id: 'c',
    code: 'SAVE10',
    kind: 'percent',
    percentBasisPoints: 1000,
    amountMinor: null,
    currency: 'USD',
    minOrderMinor: null,
    startsAt: null,
    endsAt: null,
    maxUses: null,
    maxUsesPerCustomer: null,
    categoryIds: [],
    active: true,
    used: 0,
    createdAt: now.toISOString(),
    ambassadorId: null,
    linkId: null,
    commissionGivenUpBasisPoints: 0,
    ...terms,
  }
}

const line = (totalMinor: number, categoryIds: string[] = []) => ({
  productId: `p${totalMinor}`,
  categoryIds,
  totalMinor,
})
const redeem = (terms: Partial<CouponTerms>, lines = [line(1999), line(3001)], customerUses?: number) =>
  discountLines(coupon(terms), { currency: 'USD', lines, now, customerUses })

describe('a coupon’s discount', () => {
  it('takes a percentage of the order, rounded half up, spread over the lines to the cent', () => {
    // 10% of 50.00 = 5.00: 19.99 carries 1.99, 30.01 carries 3.01 (remainder on the last line).
    expect(redeem({})).toEqual([199, 301])
    expect(redeem({ percentBasisPoints: 1250 }, [line(999)])).toEqual([125]) // 124.875 → 125
  })

  it('takes a fixed amount, never more than the order costs', () => {
    expect(redeem({ kind: 'fixed', amountMinor: 1000, percentBasisPoints: null })).toEqual([399, 601])
    expect(redeem({ kind: 'fixed', amountMinor: 10_000, percentBasisPoints: null }, [line(500), line(700)])).toEqual([
      500, 700,
    ])
  })

  it('applies only to lines in its categories when it names some', () => {
    const lines = [line(2000, [CLOTHES]), line(4000, [BOOKS]), line(1000, [BOOKS, CLOTHES])]
    expect(redeem({ categoryIds: [CLOTHES] }, lines)).toEqual([200, 0, 100])
    expect(() => redeem({ categoryIds: [CLOTHES] }, [line(4000, [BOOKS])])).toThrow(
      expect.objectContaining({ statusCode: 400, code: 'coupon_not_applicable' }),
    )
  })

  it.each([
    [{ active: false }, 'coupon_inactive', /no longer valid/],
    [{ startsAt: '2026-06-02T00:00:00Z' }, 'coupon_not_started', /not valid yet/],
    [{ endsAt: '2026-06-01T12:00:00Z' }, 'coupon_expired', /expired/],
    [{ maxUses: 1, used: 1 }, 'coupon_exhausted', /used up/],
    [{ minOrderMinor: 5001 }, 'coupon_min_order', /at least \$50\.01/],
    [{ currency: 'EUR' }, 'coupon_currency', /not valid in USD/],
  ] as const)('refuses with a reason: %o → %s', (terms, code, message) => {
    expect(() => redeem(terms)).toThrow(
      expect.objectContaining({ statusCode: 400, code, message: expect.stringMatching(message) }),
    )
  })

  it('counts a customer’s uses only once the customer is known', () => {
    expect(redeem({ maxUsesPerCustomer: 1 }, undefined, undefined)).toEqual([199, 301])
    expect(() => redeem({ maxUsesPerCustomer: 1 }, undefined, 1)).toThrow(
      expect.objectContaining({ code: 'coupon_used_by_customer' }),
    )
  })

  it('reads as a shopper would say it', () => {
    expect(describeCoupon(coupon({ percentBasisPoints: 1250 }))).toBe('12.5% off')
    expect(
      describeCoupon(
        coupon({
          kind: 'fixed',
          amountMinor: 500,
          percentBasisPoints: null,
          minOrderMinor: 5000,
          categoryIds: [BOOKS],
        }),
      ),
    ).toBe('$5.00 off selected categories, on orders of $50.00 or more')
  })
})
