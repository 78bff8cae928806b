import { badRequest } from '../errors/errors.ts'

/** The largest amount we accept for one price: 1,000,000.00 in major units. */
export const MAX_PRICE_MINOR = 100_000_000

const DECIMAL = /^(\d{1,15})(?:\.(\d{1,2}))?$/

/**
 * Converts a price given in major units (a JSON number or numeric string such as "19.99") into integer minor
 * units without going through float arithmetic. More than two decimals, signs, exponents and amounts above
 * `max` are refused with a 400.
 */
export function parsePriceToMinor(value: number | string, field = 'price', max = MAX_PRICE_MINOR): number {
  const text = typeof value === 'number' ? numberToPlainText(value) : value.trim()
  const match = text === undefined ? null : DECIMAL.exec(text)
  if (!match) {
    throw badRequest(`${field} must be an amount of 0 or more with at most 2 decimals, such as 19.99`)
  }
  const [, whole = '0', fraction = ''] = match
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  if (minor > max) throw badRequest(`${field} must be at most ${formatMinor(max)}`)
  return minor
}

function numberToPlainText(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined
  // String(19.99) is "19.99": JS prints the shortest text that round-trips, which is what the client wrote.
  const text = String(value)
  return text.includes('e') ? undefined : text
}

/** Major units as a JSON number (19.99) for the HTTP contract, from integer minor units. */
export function toMajor(minor: number): number {
  return minor / 100
}

/** "1234.50" for human-facing text such as emails. */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** "$1,234.50"-style text for a currency. */
export function formatMoney(minor: number, currency: string): string {
  let format = formats.get(currency)
  if (!format) {
    // Building a NumberFormat costs far more than using one: keep one per currency.
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency })
    formats.set(currency, format)
  }
  return format.format(minor / 100)
}

const formats = new Map<string, Intl.NumberFormat>()

export type CommissionSplit = { ambassadorMinor: number; adminMinor: number }

/**
 * Splits one order line between the ambassador and the store. The ambassador's share is rounded once, half up,
 * and the store keeps the exact rest, so the two always add up to the line total.
 */
export function splitCommission(lineTotalMinor: number, rateBasisPoints: number): CommissionSplit {
  if (!Number.isSafeInteger(lineTotalMinor) || lineTotalMinor < 0) {
    throw new RangeError(`line total must be a non-negative integer of minor units, got ${lineTotalMinor}`)
  }
  if (!Number.isInteger(rateBasisPoints) || rateBasisPoints < 0 || rateBasisPoints > 10_000) {
    throw new RangeError(`commission rate must be 0..10000 basis points, got ${rateBasisPoints}`)
  }
  const ambassadorMinor = Math.floor((lineTotalMinor * rateBasisPoints + 5_000) / 10_000)
  return { ambassadorMinor, adminMinor: lineTotalMinor - ambassadorMinor }
}

/**
 * Spreads `amountMinor` over `weights` in proportion, in minor units: each share rounded down, the remainder
 * added from the last weight that has room — so the shares add up to the amount exactly and none exceeds its weight
 * (the amount must not exceed the weights' sum). Coupons spread a discount over lines this way, refunds an amount.
 */
export function spreadProportionally(amountMinor: number, weights: number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  if (total === 0 || amountMinor === 0) return weights.map(() => 0)
  // In BigInt: an amount times a weight can pass 2^53.
  const shares = weights.map((weight) => Number((BigInt(amountMinor) * BigInt(weight)) / BigInt(total)))
  let remainder = amountMinor - shares.reduce((sum, share) => sum + share, 0)
  for (let i = weights.length - 1; i >= 0 && remainder > 0; i--) {
    const extra = Math.min((weights[i] ?? 0) - (shares[i] ?? 0), remainder)
    shares[i] = (shares[i] ?? 0) + extra
    remainder -= extra
  }
  return shares
}
