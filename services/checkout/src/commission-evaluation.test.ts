import { describe, expect, it } from 'vitest'
import { type CommissionRule, type CommissionTerms, evaluateCommission, monthStartUtc } from './commission-rules.ts'

const ADA = '00000000-0000-4000-8000-00000000000a'
const BOB = '00000000-0000-4000-8000-00000000000b'
const MUG = '10000000-0000-4000-8000-000000000001'
const KITCHEN = '20000000-0000-4000-8000-000000000001'
const GIFTS = '20000000-0000-4000-8000-000000000002'

let n = 0
function rule(fields: Partial<CommissionRule> & Pick<CommissionRule, 'kind' | 'rateBasisPoints'>): CommissionRule {
  n++
  return {
    id: `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    label: `rule ${n}`,
    productId: null,
    categoryId: null,
    ambassadorId: null,
    thresholdMinor: null,
    currency: null,
    ...fields,
  }
}

const terms = (rules: CommissionRule[], monthSalesMinor = 0): CommissionTerms => ({
  defaultBasisPoints: 1000,
  rules,
  ambassadorId: ADA,
  currency: 'USD',
  monthSalesMinor,
})

const mugLine = { productId: MUG, categoryIds: [KITCHEN, GIFTS], paidMinor: 2500 }

describe('evaluating a line’s commission', () => {
  it('takes the store’s default rate when no rule applies', () => {
    expect(evaluateCommission(terms([]), mugLine)).toEqual({
      rateBasisPoints: 1000,
      rule: 'default',
      ruleId: null,
      label: 'The store’s default rate',
      detail: { base_rule: 'default', base_rate_basis_points: 1000, line_paid_minor: 2500, currency: 'USD' },
    })
  })

  it('prefers the product’s rule over its categories’, even when it is lower', () => {
    const product = rule({ kind: 'product', productId: MUG, rateBasisPoints: 500 })
    const category = rule({ kind: 'category', categoryId: KITCHEN, rateBasisPoints: 2000 })
    expect(evaluateCommission(terms([category, product]), mugLine)).toMatchObject({
      rateBasisPoints: 500,
      rule: 'product',
      ruleId: product.id,
    })
  })

  it('takes the highest rate when several of the product’s categories have rules', () => {
    const kitchen = rule({ kind: 'category', categoryId: KITCHEN, rateBasisPoints: 1200 })
    const gifts = rule({ kind: 'category', categoryId: GIFTS, rateBasisPoints: 1800 })
    const elsewhere = rule({ kind: 'category', categoryId: MUG, rateBasisPoints: 5000 })
    expect(evaluateCommission(terms([kitchen, gifts, elsewhere]), mugLine)).toMatchObject({
      rateBasisPoints: 1800,
      rule: 'category',
      ruleId: gifts.id,
      label: gifts.label,
    })
  })

  it('keeps a 0% rule: the line earns nothing, and says which rule decided it', () => {
    const free = rule({ kind: 'product', productId: MUG, rateBasisPoints: 0 })
    expect(evaluateCommission(terms([free]), mugLine)).toMatchObject({ rateBasisPoints: 0, rule: 'product' })
  })

  it('raises the rate to the best monthly tier reached by the sales before this order', () => {
    const bronze = rule({ kind: 'tier', thresholdMinor: 50_000, currency: 'USD', rateBasisPoints: 1200 })
    const silver = rule({ kind: 'tier', thresholdMinor: 100_000, currency: 'USD', rateBasisPoints: 1500 })
    const gold = rule({ kind: 'tier', thresholdMinor: 500_000, currency: 'USD', rateBasisPoints: 2500 })
    expect(evaluateCommission(terms([bronze, silver, gold], 124_000), mugLine)).toEqual({
      rateBasisPoints: 1500,
      rule: 'tier',
      ruleId: silver.id,
      label: silver.label,
      detail: {
        base_rule: 'default',
        base_rate_basis_points: 1000,
        base_label: 'The store’s default rate',
        line_paid_minor: 2500,
        currency: 'USD',
        month_sales_minor: 124_000,
        threshold_minor: 100_000,
        for_ambassador: false,
      },
    })
  })

  it('counts a tier as reached at exactly its threshold, and not a cent below', () => {
    const silver = rule({ kind: 'tier', thresholdMinor: 100_000, currency: 'USD', rateBasisPoints: 1500 })
    expect(evaluateCommission(terms([silver], 100_000), mugLine).rule).toBe('tier')
    expect(evaluateCommission(terms([silver], 99_999), mugLine).rule).toBe('default')
  })

  it('never lowers a rate with a tier: a product rule above the tier stays', () => {
    const product = rule({ kind: 'product', productId: MUG, rateBasisPoints: 3000 })
    const tier = rule({ kind: 'tier', thresholdMinor: 0, currency: 'USD', rateBasisPoints: 1500 })
    expect(evaluateCommission(terms([product, tier], 10), mugLine)).toMatchObject({
      rule: 'product',
      rateBasisPoints: 3000,
    })
  })

  it('applies a tier for one ambassador to them only, and a tier in another currency to nobody here', () => {
    const bobs = rule({ kind: 'tier', ambassadorId: BOB, thresholdMinor: 0, currency: 'USD', rateBasisPoints: 4000 })
    const euros = rule({ kind: 'tier', thresholdMinor: 0, currency: 'EUR', rateBasisPoints: 4000 })
    expect(evaluateCommission(terms([bobs, euros], 1_000_000), mugLine).rule).toBe('default')
    const adas = rule({ kind: 'tier', ambassadorId: ADA, thresholdMinor: 0, currency: 'USD', rateBasisPoints: 4000 })
    expect(evaluateCommission(terms([bobs, adas], 1), mugLine)).toMatchObject({
      ruleId: adas.id,
      detail: { for_ambassador: true },
    })
  })
})

describe('the month tiers count', () => {
  it('starts at midnight UTC on the first of the month, whatever the time of day', () => {
    expect(monthStartUtc(new Date('2026-03-31T23:59:59.999Z'))).toBe('2026-03-01T00:00:00.000Z')
    expect(monthStartUtc(new Date('2026-04-01T00:00:00.000Z'))).toBe('2026-04-01T00:00:00.000Z')
    expect(monthStartUtc(new Date('2026-01-15T08:00:00+09:00'))).toBe('2026-01-01T00:00:00.000Z')
  })
})
