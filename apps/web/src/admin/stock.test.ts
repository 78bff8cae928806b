import { describe, expect, it } from 'vitest'
import { onHandProblem, stockOf, stockText } from './stock.ts'

describe('stock', () => {
  it('takes whole numbers of units, 0 included', () => {
    expect(onHandProblem('0')).toBeUndefined()
    expect(onHandProblem(' 12 ')).toBeUndefined()
    expect(onHandProblem('')).toMatch(/how many/)
    expect(onHandProblem('1.5')).toMatch(/whole number/)
    expect(onHandProblem('-3')).toMatch(/whole number/)
    expect(onHandProblem('1000000001')).toMatch(/at most/)
  })

  it('says what is available, and what is on the shelf and held', () => {
    const stock = { product_id: 'p', tracked: true, on_hand: 12, reserved: 3, available: 9 }
    expect(stockText(stock)).toEqual({ headline: '9 available', detail: '12 on hand, 3 held by unpaid orders' })
    expect(stockText({ ...stock, on_hand: 3, available: 0 }).headline).toBe('Out of stock')
    // An expired order paid after all can take the shelf below what was promised.
    expect(stockText({ ...stock, on_hand: 1, available: -2 }).headline).toBe('Out of stock')
  })

  it('counts a product the inventory does not list as untracked', () => {
    const listed = { product_id: 'a', tracked: true, on_hand: 5, reserved: 0, available: 5 }
    expect(stockOf([listed], 'a')).toBe(listed)
    expect(stockOf([listed], 'b')).toEqual({
      product_id: 'b',
      tracked: false,
      on_hand: null,
      reserved: 0,
      available: null,
    })
    expect(stockText(stockOf([], 'b'))).toEqual({ headline: 'Not tracked' })
  })
})
