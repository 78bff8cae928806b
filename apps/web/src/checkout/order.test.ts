import { describe, expect, it } from 'vitest'
import { clampQuantity, EMPTY_CUSTOMER, formatCents, orderLines, orderTotalCents, validateCustomer } from './order.ts'

const mug = { id: 'm', title: 'Mug', description: '', image: '', price: 12.5 }
const tee = { id: 't', title: 'Tee', description: '', image: '', price: 19.99 }

describe('the order summary', () => {
  it('adds up the picked lines in cents, without float drift', () => {
    expect(orderTotalCents([mug, tee], { m: 2, t: 3 })).toBe(8497)
    expect(orderTotalCents([tee], { t: 7 })).toBe(13993)
  })

  it('leaves out products picked zero times', () => {
    expect(orderLines([mug, tee], { m: 0, t: 1 }).map((l) => l.product.id)).toEqual(['t'])
    expect(orderTotalCents([mug, tee], {})).toBe(0)
  })

  it('formats cents as money', () => {
    expect(formatCents(8497)).toBe('$84.97')
  })

  it.each([
    [-3, 0],
    [2.7, 2],
    [5000, 1000],
    [Number.NaN, 0],
  ])('keeps a typed quantity %d within 0..1000 as %d', (typed, kept) => {
    expect(clampQuantity(typed)).toBe(kept)
  })
})

describe('the customer form', () => {
  const complete = {
    first_name: 'Ada',
    last_name: 'L',
    email: 'ada@example.com',
    address: '1 St',
    city: 'London',
    zip: 'N1',
    country: 'UK',
  }

  it('accepts a complete form', () => {
    expect(validateCustomer(complete)).toEqual({})
  })

  it('asks for every empty field in words', () => {
    const errors = validateCustomer(EMPTY_CUSTOMER)
    expect(Object.keys(errors)).toHaveLength(7)
    expect(errors.first_name).toBe('Please enter your first name')
  })

  it('refuses blank text, a bad email and over-long values', () => {
    expect(validateCustomer({ ...complete, city: '   ' }).city).toMatch(/enter your city/)
    expect(validateCustomer({ ...complete, email: 'ada@' }).email).toMatch(/name@example.com/)
    expect(validateCustomer({ ...complete, zip: '1'.repeat(21) }).zip).toMatch(/too long/)
  })
})
