import { describe, expect, it } from 'vitest'
import { paymentLineItems } from './orders.ts'

const total = (items: { unitMinor: number; quantity: number }[]) =>
  items.reduce((sum, item) => sum + item.unitMinor * item.quantity, 0)

describe('the line items a payment provider is asked to charge', () => {
  it('are the order lines as they are when no coupon discounted them', () => {
    expect(paymentLineItems([{ productTitle: 'Mug', priceMinor: 1250, quantity: 2, discountMinor: 0 }])).toEqual([
      { title: 'Mug', unitMinor: 1250, quantity: 2 },
    ])
  })

  it('charge a discounted line at its paid unit price, split in two a cent apart when it does not divide', () => {
    // 3 × 10.00 with 1.00 off = 29.00, which 3 does not divide: one at 9.66 and two at 9.67.
    const items = paymentLineItems([{ productTitle: 'Tea', priceMinor: 1000, quantity: 3, discountMinor: 100 }])
    expect(items).toEqual([
      { title: 'Tea (discounted)', unitMinor: 966, quantity: 1 },
      { title: 'Tea (discounted)', unitMinor: 967, quantity: 2 },
    ])
    expect(total(items)).toBe(2900)
    expect(paymentLineItems([{ productTitle: 'Tea', priceMinor: 1000, quantity: 4, discountMinor: 400 }])).toEqual([
      { title: 'Tea (discounted)', unitMinor: 900, quantity: 4 },
    ])
  })

  it('always add up to what the order costs', () => {
    for (const [price, quantity, discount] of [
      [1999, 7, 1333],
      [1, 1000, 999],
      [5000, 1, 5000],
      [333, 9, 1],
    ] as const) {
      const items = paymentLineItems([{ productTitle: 'X', priceMinor: price, quantity, discountMinor: discount }])
      expect(total(items)).toBe(price * quantity - discount)
      expect(items.every((item) => item.quantity > 0 && item.unitMinor >= 0)).toBe(true)
    }
  })
})
