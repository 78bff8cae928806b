import type { Stock } from './types.ts'

/** The most units the API takes as on hand. */
const MAX_ON_HAND = 1_000_000_000

/** Checks a count of units on hand: a whole number, 0 or more. */
export function onHandProblem(text: string): string | undefined {
  const value = text.trim()
  if (value === '') return 'Enter how many units are on hand'
  if (!/^\d+$/.test(value)) return 'Enter a whole number of units, 0 or more'
  if (Number(value) > MAX_ON_HAND) return `Enter at most ${MAX_ON_HAND.toLocaleString('en-US')} units`
  return undefined
}

/**
 * A product's stock in a few words: "9 available" with "12 on hand, 3 held…" under it, or "Not tracked" for a
 * product checkout does not count (never out of stock).
 */
export function stockText(stock: Stock): { headline: string; detail?: string } {
  if (!stock.tracked || stock.on_hand === null) return { headline: 'Not tracked' }
  const available = stock.available ?? stock.on_hand - stock.reserved
  return {
    headline: available > 0 ? `${available} available` : 'Out of stock',
    detail: `${stock.on_hand} on hand, ${stock.reserved} held by unpaid orders`,
  }
}

/** The stock of every product: what the inventory lists is tracked; any other product is not. */
export function stockOf(inventory: Stock[], productId: string): Stock {
  return (
    inventory.find((line) => line.product_id === productId) ?? {
      product_id: productId,
      tracked: false,
      on_hand: null,
      reserved: 0,
      available: null,
    }
  )
}
