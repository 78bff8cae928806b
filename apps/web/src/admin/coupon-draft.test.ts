import { describe, expect, it } from 'vitest'
import {
  type CouponDraft,
  couponBody,
  couponDates,
  couponDiscount,
  couponMinOrder,
  couponPerCustomer,
  couponProblems,
  couponUses,
  EMPTY_COUPON,
} from './coupon-draft.ts'

const draft = (changes: Partial<CouponDraft>): CouponDraft => ({
  ...EMPTY_COUPON,
  code: 'SPRING10',
  value: '10',
  ...changes,
})

describe('the coupon form', () => {
  it('sends the least the API needs: code, kind, its value, categories and the active flag', () => {
    expect(couponProblems(draft({}))).toEqual({})
    expect(couponBody(draft({ code: ' SPRING10 ' }))).toEqual({
      code: 'SPRING10',
      kind: 'percent',
      percent: 10,
      category_ids: [],
      active: true,
    })
  })

  it('sends an amount off in major units for a fixed coupon, and every limit as a number', () => {
    const body = couponBody(
      draft({
        kind: 'fixed',
        value: '7.50',
        min_order: '49.99',
        max_uses: '100',
        max_uses_per_customer: '1',
        category_ids: ['c1', 'c2'],
        active: false,
      }),
    )
    expect(body).toEqual({
      code: 'SPRING10',
      kind: 'fixed',
      amount: 7.5,
      min_order: 49.99,
      max_uses: 100,
      max_uses_per_customer: 1,
      category_ids: ['c1', 'c2'],
      active: false,
    })
    expect(body).not.toHaveProperty('percent')
  })

  it('sends the dates as ISO instants of the local times typed', () => {
    const body = couponBody(draft({ starts_at: '2026-05-01T09:00', ends_at: '2026-05-31T18:30' }))
    expect(body.starts_at).toBe(new Date(2026, 4, 1, 9, 0).toISOString())
    expect(body.ends_at).toBe(new Date(2026, 4, 31, 18, 30).toISOString())
  })

  it('takes a percentage like 12.5 and refuses 0, more than 100 and more than 2 decimals', () => {
    expect(couponBody(draft({ value: '12.5' })).percent).toBe(12.5)
    for (const value of ['0', '100.01', '150', '12.345', '', 'ten'])
      expect(couponProblems(draft({ value })).value, value).toBeDefined()
    expect(couponProblems(draft({ value: '100' }))).toEqual({})
  })

  it('refuses a bad code, a bad amount, an end before the start and limits that are not whole numbers', () => {
    expect(couponProblems(draft({ code: 'A' })).code).toMatch(/2 to 32/)
    expect(couponProblems(draft({ code: 'SPRING 10' })).code).toMatch(/no spaces/)
    expect(couponProblems(draft({ kind: 'fixed', value: '0' })).value).toBeDefined()
    expect(couponProblems(draft({ min_order: '1.999' })).min_order).toBeDefined()
    expect(couponProblems(draft({ starts_at: '2026-05-02T00:00', ends_at: '2026-05-01T00:00' })).ends_at).toMatch(
      /after the start/,
    )
    expect(couponProblems(draft({ max_uses: '0' })).max_uses).toBeDefined()
    expect(couponProblems(draft({ max_uses_per_customer: '1.5' })).max_uses_per_customer).toBeDefined()
  })
})

describe('a coupon in the list', () => {
  const coupon = { kind: 'percent' as const, percent: 12.5, amount: null, currency: 'usd', min_order: null }

  it('says what it takes off', () => {
    expect(couponDiscount(coupon)).toBe('12.5% off')
    expect(couponDiscount({ ...coupon, kind: 'fixed', percent: null, amount: 5 })).toBe('$5.00 off')
    expect(couponMinOrder(coupon)).toBeUndefined()
    expect(couponMinOrder({ ...coupon, min_order: 50 })).toBe('Minimum order $50.00')
  })

  it('counts its uses against the limit', () => {
    expect(couponUses({ used: 3, max_uses: 100 })).toBe('3 of 100')
    expect(couponUses({ used: 3, max_uses: null })).toBe('3, no limit')
    expect(couponPerCustomer({ max_uses_per_customer: 1 })).toBe('1 per customer')
    expect(couponPerCustomer({ max_uses_per_customer: null })).toBe('No limit per customer')
  })

  it('says when it can be used', () => {
    expect(couponDates({ starts_at: null, ends_at: null })).toEqual(['Any time'])
    const day = '2026-05-01T12:00:00Z' // May 1 in every time zone from UTC-11 to UTC+11
    expect(couponDates({ starts_at: day, ends_at: null })).toEqual([expect.stringMatching(/^From May 1/)])
    expect(couponDates({ starts_at: null, ends_at: day })).toEqual([expect.stringMatching(/^Until May 1/)])
    expect(couponDates({ starts_at: day, ends_at: '2026-06-01T12:00:00Z' })).toEqual([
      expect.stringMatching(/^From May 1/),
      expect.stringMatching(/^until Jun 1/),
    ])
  })
})
