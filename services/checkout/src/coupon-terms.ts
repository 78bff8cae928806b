import { badRequest } from '@ambassador/kit/errors/errors'
import { formatMoney, spreadProportionally } from '@ambassador/kit/money/money'
import type { coupons } from './schema.ts'

export type CouponTerms = typeof coupons.$inferSelect

/** An order line as a coupon sees it: what it costs before the discount and which categories it is in. */
export type DiscountableLine = { productId: string; categoryIds: string[]; totalMinor: number }

export type Redemption = {
  currency: string
  /** The order's (or cart's) lines; the minimum order is checked against their sum. */
  lines: DiscountableLine[]
  now: Date
  /** How often this customer already used the coupon; undefined while nobody knows who the customer is (a cart). */
  customerUses?: number
}

/**
 * What a coupon takes off each line, or 400 with the reason it does not apply (a stable `code` per reason). The
 * discount is computed on the lines it applies to (all, or those in its categories) and spread over them in
 * proportion to their totals, in minor units, the rounding remainder on the last lines — never more than a line
 * costs, so no line and no order goes below zero.
 */
export function discountLines(coupon: CouponTerms, redemption: Redemption): number[] {
  checkAvailable(coupon, redemption)
  const { lines } = redemption
  const eligible = lines.map((line) => appliesTo(coupon, line))
  const eligibleMinor = lines.reduce((sum, line, i) => sum + (eligible[i] ? line.totalMinor : 0), 0)
  if (eligibleMinor === 0) {
    throw badRequest(`Coupon ${coupon.code} does not apply to anything in this order`, 'coupon_not_applicable')
  }
  const discountMinor = Math.min(eligibleMinor, wholeDiscount(coupon, eligibleMinor))
  return spreadProportionally(
    discountMinor,
    lines.map((line, i) => (eligible[i] ? line.totalMinor : 0)),
  )
}

/** Checks everything but the lines: active, in its dates, uses left, currency, minimum order. */
export function checkAvailable(coupon: CouponTerms, { currency, lines, now, customerUses }: Redemption) {
  const code = coupon.code
  if (!coupon.active) throw badRequest(`Coupon ${code} is no longer valid`, 'coupon_inactive')
  if (coupon.startsAt && now < new Date(coupon.startsAt)) {
    throw badRequest(`Coupon ${code} is not valid yet`, 'coupon_not_started')
  }
  if (coupon.endsAt && now >= new Date(coupon.endsAt)) throw badRequest(`Coupon ${code} has expired`, 'coupon_expired')
  if (coupon.maxUses !== null && coupon.used >= coupon.maxUses) {
    throw badRequest(`Coupon ${code} has been used up`, 'coupon_exhausted')
  }
  if (customerUses !== undefined && coupon.maxUsesPerCustomer !== null && customerUses >= coupon.maxUsesPerCustomer) {
    throw badRequest(`You have already used coupon ${code}`, 'coupon_used_by_customer')
  }
  if (coupon.currency !== currency.toUpperCase()) {
    throw badRequest(`Coupon ${code} is not valid in ${currency.toUpperCase()}`, 'coupon_currency')
  }
  const subtotalMinor = lines.reduce((sum, line) => sum + line.totalMinor, 0)
  if (coupon.minOrderMinor !== null && subtotalMinor < coupon.minOrderMinor) {
    throw badRequest(
      `Coupon ${code} needs an order of at least ${formatMoney(coupon.minOrderMinor, coupon.currency)}`,
      'coupon_min_order',
    )
  }
}

/** How the coupon reads to a shopper: "10% off", "$5.00 off clothing, on orders of $50.00 or more". */
export function describeCoupon(coupon: CouponTerms): string {
  const off =
    coupon.kind === 'percent'
      ? `${(coupon.percentBasisPoints ?? 0) / 100}% off`
      : `${formatMoney(coupon.amountMinor ?? 0, coupon.currency)} off`
  const scope = coupon.categoryIds.length > 0 ? ' selected categories' : ''
  const minimum =
    coupon.minOrderMinor === null ? '' : `, on orders of ${formatMoney(coupon.minOrderMinor, coupon.currency)} or more`
  return `${off}${scope}${minimum}`
}

function appliesTo(coupon: CouponTerms, line: DiscountableLine): boolean {
  if (coupon.categoryIds.length === 0) return true
  return line.categoryIds.some((id) => coupon.categoryIds.includes(id))
}

/** The discount on what it applies to: a percentage rounded half up, or the fixed amount. */
function wholeDiscount(coupon: CouponTerms, eligibleMinor: number): number {
  if (coupon.kind === 'fixed') return coupon.amountMinor ?? 0
  // In BigInt: an amount times basis points can pass 2^53.
  return Number((BigInt(eligibleMinor) * BigInt(coupon.percentBasisPoints ?? 0) + 5_000n) / 10_000n)
}
