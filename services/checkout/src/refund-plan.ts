import { badRequest } from '@ambassador/kit/errors/errors'
import { formatMinor, splitCommission, spreadProportionally } from '@ambassador/kit/money/money'

/** An order line as a refund sees it: what was paid, the commission on it, and what refunds took back so far. */
export type RefundableLine = {
  id: string
  priceMinor: number
  quantity: number
  /** The coupon's share of the line: what was paid for it is price × quantity − discount. */
  discountMinor: number
  ambassadorRevenueMinor: number
  commissionRateBasisPoints: number | null
  refundedQuantity: number
  refundedMinor: number
  refundedAmbassadorMinor: number
}

export type PlannedLine = {
  orderItemId: string
  quantity: number
  amountMinor: number
  adminRevenueMinor: number
  ambassadorRevenueMinor: number
}

export type RefundAsk = { items: { orderItemId: string; quantity: number }[] } | { amountMinor: number }

/**
 * What a refund takes back from each line. Units: their share of what was paid for the line (their price, when
 * no coupon discounted it; the last units of a line take what is left of it, so rounding never strands a cent). An amount: spread over the
 * lines in proportion to what is left to refund on each, in minor units, the rounding remainder on the last line
 * (moving on to earlier lines only where the last has nothing left). The commission taken back is the line's
 * commission at its frozen rate on everything refunded from it so far, less what earlier refunds took back — so
 * refunds in any number of steps take back exactly the line's commission once the whole line is refunded.
 * Asking for more than is left → 400.
 */
export function planRefund(lines: RefundableLine[], ask: RefundAsk): PlannedLine[] {
  const amounts = 'items' in ask ? unitAmounts(lines, ask.items) : spreadAmount(lines, ask.amountMinor)
  const planned: PlannedLine[] = []
  for (const line of lines) {
    const take = amounts.get(line.id)
    if (!take || take.amountMinor === 0) continue
    const ambassadorRevenueMinor =
      commissionOn(line, line.refundedMinor + take.amountMinor) - line.refundedAmbassadorMinor
    planned.push({
      orderItemId: line.id,
      quantity: take.quantity,
      amountMinor: take.amountMinor,
      ambassadorRevenueMinor,
      adminRevenueMinor: take.amountMinor - ambassadorRevenueMinor,
    })
  }
  if (planned.length === 0) throw badRequest('There is nothing to refund', 'refund_empty')
  return planned
}

/** What the customer paid for the line. */
function lineTotal(line: RefundableLine) {
  return line.priceMinor * line.quantity - line.discountMinor
}

/** What the first `units` units of a line cost the customer: the line's paid total, shared per unit, rounded down. */
function paidForUnits(line: RefundableLine, units: number) {
  if (line.discountMinor === 0) return line.priceMinor * units
  return Number((BigInt(lineTotal(line)) * BigInt(units)) / BigInt(line.quantity))
}

/** The commission on `refundedMinor` of the line: all of it once the whole line is refunded, never more. */
function commissionOn(line: RefundableLine, refundedMinor: number): number {
  const total = lineTotal(line)
  if (refundedMinor >= total) return line.ambassadorRevenueMinor
  // Lines from before the rate was stored: the rate their commission was computed at, to the basis point.
  const rate =
    line.commissionRateBasisPoints ?? (total === 0 ? 0 : Math.round((line.ambassadorRevenueMinor * 10_000) / total))
  return Math.min(line.ambassadorRevenueMinor, splitCommission(refundedMinor, rate).ambassadorMinor)
}

function unitAmounts(lines: RefundableLine[], items: { orderItemId: string; quantity: number }[]) {
  const byId = new Map(lines.map((line) => [line.id, line]))
  const asked = new Map<string, number>()
  for (const item of items) {
    if (!byId.has(item.orderItemId)) throw badRequest(`Order item ${item.orderItemId} is not part of this order`)
    asked.set(item.orderItemId, (asked.get(item.orderItemId) ?? 0) + item.quantity)
  }
  const amounts = new Map<string, { quantity: number; amountMinor: number }>()
  for (const [id, quantity] of asked) {
    const line = byId.get(id) as RefundableLine
    const amountMinor = paidForUnits(line, line.refundedQuantity + quantity) - paidForUnits(line, line.refundedQuantity)
    const leftUnits = line.quantity - line.refundedQuantity
    if (quantity > leftUnits || amountMinor > lineTotal(line) - line.refundedMinor) {
      throw badRequest(
        `Order item ${id} has ${Math.max(0, leftUnits)} unit(s) left to refund, not ${quantity}`,
        'refund_exceeds_payment',
      )
    }
    amounts.set(id, { quantity, amountMinor })
  }
  return amounts
}

function spreadAmount(lines: RefundableLine[], amountMinor: number) {
  const left = lines.map((line) => ({ id: line.id, left: lineTotal(line) - line.refundedMinor }))
  const totalLeft = left.reduce((sum, line) => sum + line.left, 0)
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw badRequest('amount must be more than 0')
  if (amountMinor > totalLeft) {
    throw badRequest(`At most ${formatMinor(totalLeft)} is left to refund on this order`, 'refund_exceeds_payment')
  }
  const shares = spreadProportionally(
    amountMinor,
    left.map((line) => line.left),
  )
  return new Map(left.map((line, i) => [line.id, { quantity: 0, amountMinor: shares[i] ?? 0 }]))
}
