/** What the cart page says about a cart, kept apart from React so it can be tested on its own. */

import type { Cart, CartLine } from '@ambassador/contracts/http'
import { formatCents, toCents } from '../checkout/order.ts'
import type { PlacedOrder } from '../checkout/placed-order.ts'

export type { Cart, CartLine }

/** A price from the API (major units) in its currency; dollars when the currency is unknown (an empty cart). */
export function formatPrice(price: number, currency?: string | null): string {
  return formatCents(toCents(price), currency && /^[a-z]{3}$/i.test(currency) ? currency.toUpperCase() : 'USD')
}

/** Why a line cannot be bought as it is, in words a shopper understands; nothing when it can. */
export function lineProblem(line: CartLine): string | undefined {
  switch (line.problem) {
    case 'deleted':
      return 'This product is no longer sold. Remove it to place your order.'
    case 'inactive':
      return 'This product is not available at the moment. Remove it to place your order.'
    case 'out_of_stock':
      return 'This product is out of stock. Remove it to place your order.'
    case 'short':
      return line.available
        ? `Only ${line.available} left in stock. Lower the quantity to ${line.available} to place your order.`
        : 'Not enough left in stock for this quantity.'
    case 'currency':
      return 'This product is priced in another currency than the rest of your cart. Remove it to place your order.'
    default:
      return undefined
  }
}

/** How many things are in the cart, as words: "1 item", "3 items". */
export function itemCount(count: number): string {
  return `${count} ${count === 1 ? 'item' : 'items'}`
}

/**
 * What the success page can show about a cart order placed through an ambassador's link. The success page
 * names the link and offers to go back to it, so a cart without a referral is not remembered (the page then
 * shows its general thanks).
 */
export function placedCartOrder(cart: Cart, email: string): PlacedOrder {
  return {
    code: cart.referral?.code ?? '',
    ambassador: cart.referral ? ambassadorName(cart.referral) : '',
    email,
    totalCents: toCents(cart.total),
    lines: cart.lines.filter((line) => !line.problem).map((line) => `${line.title} × ${line.quantity}`),
  }
}

/** The ambassador whose link the cart came through; their name may not have reached the shop yet. */
export function ambassadorName(referral: NonNullable<Cart['referral']>): string {
  return referral.ambassador.trim() || 'your ambassador'
}
