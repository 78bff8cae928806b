import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/errors.ts'
import { formatMinor, parsePriceToMinor, splitCommission, spreadProportionally, toMajor } from './money.ts'

describe('parsePriceToMinor', () => {
  it.each([
    [19.99, 1999],
    ['19.99', 1999],
    [' 5 ', 500],
    [0.1, 10],
    ['0.10', 10],
    [1000000, 100_000_000],
    [0, 0],
  ])('reads %j as %i minor units', (input, minor) => {
    expect(parsePriceToMinor(input)).toBe(minor)
  })

  it.each([
    [19.999, 'more than two decimals'],
    ['1.234', 'more than two decimals as text'],
    [-1, 'a negative number'],
    ['-1', 'a negative string'],
    ['abc', 'text'],
    ['', 'an empty string'],
    [1e21, 'an exponent'],
    [Number.NaN, 'NaN'],
    [1000000.01, 'an amount above the maximum'],
  ])('refuses %j (%s) with a 400', (input, _reason) => {
    expect(() => parsePriceToMinor(input)).toThrow(AppError)
    try {
      parsePriceToMinor(input)
    } catch (error) {
      expect((error as AppError).statusCode).toBe(400)
    }
  })
})

describe('splitCommission', () => {
  it('gives the ambassador 10% and the store the rest', () => {
    expect(splitCommission(10_000, 1_000)).toEqual({ ambassadorMinor: 1_000, adminMinor: 9_000 })
  })

  it('rounds the ambassador share half up, once', () => {
    expect(splitCommission(1_995, 1_000)).toEqual({ ambassadorMinor: 200, adminMinor: 1_795 })
    expect(splitCommission(1_994, 1_000)).toEqual({ ambassadorMinor: 199, adminMinor: 1_795 })
  })

  it('always adds up to the line total', () => {
    for (let total = 0; total < 5_000; total += 7) {
      for (const rate of [0, 1, 333, 1_000, 2_500, 9_999, 10_000]) {
        const split = splitCommission(total, rate)
        expect(split.ambassadorMinor + split.adminMinor).toBe(total)
        expect(split.ambassadorMinor).toBeGreaterThanOrEqual(0)
      }
    }
  })

  it('refuses fractional minor units', () => {
    expect(() => splitCommission(10.5, 1_000)).toThrow(RangeError)
  })
})

describe('formatting', () => {
  it('shows minor units as major units', () => {
    expect(toMajor(1999)).toBe(19.99)
    expect(formatMinor(123450)).toBe('1234.50')
    expect(formatMinor(5)).toBe('0.05')
  })
})

describe('spreading an amount over lines', () => {
  it('adds up to the amount exactly and never gives a line more than its weight', () => {
    for (const [amount, weights] of [
      [2, [1, 1, 1]],
      [7, [3, 3, 1]],
      [999, [333, 333, 334]],
      [5, [0, 10, 0]],
    ] as [number, number[]][]) {
      const shares = spreadProportionally(amount, weights)
      expect(shares.reduce((a, b) => a + b, 0)).toBe(amount)
      expect(shares.every((share, i) => share <= (weights[i] ?? 0))).toBe(true)
    }
  })
})
