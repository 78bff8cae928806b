import { describe, expect, it } from 'vitest'
import { type Cart, type CartLine, formatPrice, itemCount, lineProblem, placedCartOrder } from './cart.ts'

const mug: CartLine = {
  product_id: 'p1',
  slug: 'trail-mug',
  title: 'Trail Mug',
  image: '',
  price: 12.5,
  quantity: 2,
  line_total: 25,
  discount: 0,
  problem: null,
  available: null,
}

const cart: Cart = {
  currency: 'usd',
  lines: [mug, { ...mug, product_id: 'p2', title: 'Old Tee', problem: 'deleted' }],
  item_count: 3,
  subtotal: 25,
  discount: 2.5,
  total: 22.5,
  coupon: null,
  referral: { code: 'abc123', ambassador: 'Grace Hopper' },
}

describe('the cart page', () => {
  it('shows prices in the cart’s currency', () => {
    expect(formatPrice(19.99, 'usd')).toBe('$19.99')
    expect(formatPrice(0.1 + 0.2, 'EUR')).toBe('€0.30')
    expect(formatPrice(5, null)).toBe('$5.00')
    expect(formatPrice(5, 'not a currency')).toBe('$5.00')
  })

  it.each([
    ['deleted', null, /no longer sold/],
    ['inactive', null, /not available/],
    ['out_of_stock', null, /out of stock/],
    ['short', 3, /Only 3 left/],
    ['currency', null, /another currency/],
  ] as const)('explains a %s line', (problem, available, message) => {
    expect(lineProblem({ ...mug, problem, available })).toMatch(message)
  })

  it('says nothing about a line that can be bought', () => {
    expect(lineProblem(mug)).toBeUndefined()
  })

  it('counts items in words', () => {
    expect(itemCount(1)).toBe('1 item')
    expect(itemCount(0)).toBe('0 items')
  })
})

describe('the order remembered for the success page', () => {
  it('names the link the cart was shopped through, and only the lines that were bought', () => {
    expect(placedCartOrder(cart, 'ada@example.com')).toEqual({
      code: 'abc123',
      ambassador: 'Grace Hopper',
      email: 'ada@example.com',
      totalCents: 2250,
      lines: ['Trail Mug × 2'],
    })
  })

  it('names the ambassador in general words while their name is on its way', () => {
    const unnamed = { ...cart, referral: { code: 'abc123', ambassador: '' } }
    expect(placedCartOrder(unnamed, 'ada@example.com')?.ambassador).toBe('your ambassador')
  })

  it('names no link for a cart without one (the success page then leads back to the shop)', () => {
    expect(placedCartOrder({ ...cart, referral: null }, 'ada@example.com')).toMatchObject({ code: '', ambassador: '' })
  })
})
