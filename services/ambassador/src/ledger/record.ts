import type { EventEnvelope } from '@ambassador/contracts/events'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, eq, inArray, isNotNull, or } from 'drizzle-orm'
import { ledgerDeliveries, ledgerEntries } from '../schema.ts'

type NewEntry = typeof ledgerEntries.$inferInsert

/** One accrual (+pending) per commissioned line of a referred order, at the rate frozen on the line. */
export async function recordAccruals(ctx: ServiceContext, event: EventEnvelope<'order.completed'>) {
  const order = event.data
  const ambassadorId = order.ambassador_id
  if (ambassadorId === null) return // a shop order no ambassador referred
  if (!isUuid(ambassadorId) || !isUuid(order.id)) {
    ctx.log.warn({ orderId: order.id }, 'completed order names no valid ambassador or id; no commission accrued')
    return
  }
  const createdAt = ctx.clock.now().toISOString()
  const entries: NewEntry[] = order.items
    // Every line, one that earned nothing too (a 0% rate): the order still counts in its link's stats, which are
    // rebuilt from these entries.
    .filter((item) => item.ambassador_revenue_minor >= 0 && isUuid(item.id))
    .map((item) => ({
      id: newId(),
      ambassadorId,
      currency: order.currency,
      orderId: order.id,
      orderItemId: item.id,
      linkId: linkOf(order.link_id),
      kind: 'accrual',
      pendingMinor: item.ambassador_revenue_minor,
      rateBasisPoints: item.commission_rate_basis_points ?? null,
      // The rule that chose the rate and what it saw, frozen at checkout (events before rules: the default).
      rule: item.commission_rule ?? 'default',
      ruleDetail: item.commission_rule_detail ?? null,
      sourceEventId: event.id,
      occurredAt: order.completed_at,
      createdAt,
    }))
  if (entries.length > 0) await ctx.db.insert(ledgerEntries).values(entries).onConflictDoNothing()
}

/**
 * An admin restored a withheld commission (order.commission_restored): one entry per line for what it now earns —
 * pending while the line waits for its hold (the maturity worker then approves it with the line), approved at once
 * for a line already approved. Kind `adjustment` with the order's line (what tells it from a manual adjustment), the
 * rule that now applies and the admin's reason.
 */
export async function recordRestoration(ctx: ServiceContext, event: EventEnvelope<'order.commission_restored'>) {
  const restored = event.data
  if (!isUuid(restored.ambassador_id) || !isUuid(restored.order_id)) {
    ctx.log.warn({ orderId: restored.order_id }, 'restored commission names no valid ambassador or order; ignored')
    return
  }
  const lines = restored.items.filter((item) => item.ambassador_revenue_minor > 0 && isUuid(item.order_item_id))
  if (lines.length === 0) return
  const approved = await ctx.db
    .select({ orderItemId: ledgerEntries.orderItemId })
    .from(ledgerEntries)
    .where(
      and(
        inArray(
          ledgerEntries.orderItemId,
          lines.map((line) => line.order_item_id),
        ),
        eq(ledgerEntries.kind, 'approval'),
      ),
    )
  const approvedLines = new Set(approved.map((entry) => entry.orderItemId))
  const createdAt = ctx.clock.now().toISOString()
  await ctx.db
    .insert(ledgerEntries)
    .values(
      lines.map((line) => {
        const isApproved = approvedLines.has(line.order_item_id)
        return {
          id: newId(),
          ambassadorId: restored.ambassador_id,
          currency: restored.currency,
          orderId: restored.order_id,
          orderItemId: line.order_item_id,
          linkId: linkOf(restored.link_id),
          kind: 'adjustment' as const,
          pendingMinor: isApproved ? 0 : line.ambassador_revenue_minor,
          approvedMinor: isApproved ? line.ambassador_revenue_minor : 0,
          rateBasisPoints: line.commission_rate_basis_points,
          rule: line.commission_rule,
          ruleDetail: line.commission_rule_detail ?? null,
          reason: restored.reason,
          sourceEventId: event.id,
          occurredAt: restored.restored_at,
          createdAt,
        }
      }),
    )
    .onConflictDoNothing()
}

/** The ledger's entries that count as the lines' commission: accruals, reversals and restorations (not payouts). */
export const COMMISSION_KINDS = or(
  inArray(ledgerEntries.kind, ['accrual', 'reversal']),
  and(eq(ledgerEntries.kind, 'adjustment'), isNotNull(ledgerEntries.orderItemId)),
)

/**
 * One reversal per refunded line for the commission the refund took back: out of pending while the line waits for
 * approval, else out of approved (which may go below zero; later approvals net it).
 */
export async function recordReversals(ctx: ServiceContext, event: EventEnvelope<'order.refunded'>) {
  const refund = event.data
  const ambassadorId = refund.ambassador_id
  if (ambassadorId === null) return
  if (!isUuid(ambassadorId) || !isUuid(refund.order_id)) {
    ctx.log.warn({ orderId: refund.order_id }, 'refund names no valid ambassador or order; no commission reversed')
    return
  }
  const reversed = new Map<string, number>()
  for (const line of refund.items) {
    if (line.ambassador_revenue_minor <= 0 || !isUuid(line.order_item_id)) continue
    reversed.set(line.order_item_id, (reversed.get(line.order_item_id) ?? 0) + line.ambassador_revenue_minor)
  }
  if (reversed.size === 0) return
  const itemIds = [...reversed.keys()]
  // The maturity worker locks the same accruals: each line is approved wholly before or wholly after this refund.
  const accruals = await ctx.db
    .select({
      orderItemId: ledgerEntries.orderItemId,
      rate: ledgerEntries.rateBasisPoints,
      rule: ledgerEntries.rule,
      linkId: ledgerEntries.linkId,
    })
    .from(ledgerEntries)
    .where(and(inArray(ledgerEntries.orderItemId, itemIds), eq(ledgerEntries.kind, 'accrual')))
    .for('update')
  const approvals = await ctx.db
    .select({ orderItemId: ledgerEntries.orderItemId })
    .from(ledgerEntries)
    .where(and(inArray(ledgerEntries.orderItemId, itemIds), eq(ledgerEntries.kind, 'approval')))
  const approved = new Set(approvals.map((a) => a.orderItemId))
  const rates = new Map(accruals.map((a) => [a.orderItemId, a.rate]))
  const accruedLinks = new Map(accruals.map((a) => [a.orderItemId, a.linkId]))
  const rules = new Map(accruals.map((a) => [a.orderItemId, a.rule]))
  // An order's events share a stream, so its completion is always applied first: a line without an accrual is one
  // the ledger never held (an order completed before the ledger existed), and there is nothing to reverse.
  const held = itemIds.filter((orderItemId) => rates.has(orderItemId))
  if (held.length === 0) return
  const createdAt = ctx.clock.now().toISOString()
  const entries: NewEntry[] = held.map((orderItemId) => {
    const amount = reversed.get(orderItemId) as number
    const fromApproved = approved.has(orderItemId)
    return {
      id: newId(),
      ambassadorId,
      currency: refund.currency,
      orderId: refund.order_id,
      orderItemId,
      // The accrual's link: the refund takes back what that link earned (the event's, if the accrual predates links).
      linkId: accruedLinks.get(orderItemId) ?? linkOf(refund.link_id),
      kind: 'reversal',
      pendingMinor: fromApproved ? 0 : -amount,
      approvedMinor: fromApproved ? -amount : 0,
      rateBasisPoints: rates.get(orderItemId) ?? null,
      rule: rules.get(orderItemId) ?? 'default',
      reason: 'refund',
      sourceEventId: event.id,
      occurredAt: refund.refunded_at,
      createdAt,
    }
  })
  await ctx.db.insert(ledgerEntries).values(entries).onConflictDoNothing()
}

/** The event's link id when it is one (a malformed one is left off, as the stats leave the order uncounted). */
function linkOf(linkId: string | null): string | null {
  return linkId !== null && isUuid(linkId) ? linkId : null
}

/** Keeps when a referred order was delivered (the first delivery counts): its commission's hold starts then. */
export async function recordDelivery(ctx: ServiceContext, event: EventEnvelope<'order.delivered'>) {
  const { order_id: orderId, ambassador_id: ambassadorId, at } = event.data
  if (ambassadorId === null || !isUuid(orderId)) return
  await ctx.db.insert(ledgerDeliveries).values({ orderId, deliveredAt: at }).onConflictDoNothing()
}
