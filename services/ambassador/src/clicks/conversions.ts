import type { OrderCommissionRestoredData, OrderCompletedData, OrderRefundedData } from '@ambassador/contracts/events'
import { isUuid } from '@ambassador/kit/ids/ids'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { sql } from 'drizzle-orm'
import { conversions } from '../schema.ts'

/**
 * Keeps a referred order for the click stats: its click (when a referral cookie brought it), link, ambassador, what
 * the customer paid and the commission. Applied once: a second delivery changes nothing (the inbox skips it anyway),
 * and a refund that came first (a replayed event) is kept in the sums.
 */
export async function recordConversion(ctx: ConsumerContext<ServiceContext>, order: OrderCompletedData) {
  const { link_id: linkId, ambassador_id: ambassadorId } = order
  if (linkId === null || ambassadorId === null) return // a shop order no ambassador referred
  if (!isUuid(order.id) || !isUuid(linkId) || !isUuid(ambassadorId)) return
  const clickId = order.click_id && isUuid(order.click_id) ? order.click_id : null
  await ctx.db
    .insert(conversions)
    .values({
      orderId: order.id,
      clickId,
      linkId,
      ambassadorId,
      currency: order.currency,
      revenueMinor: order.total_minor,
      commissionMinor: order.ambassador_revenue_minor,
      completed: true,
      completedAt: order.completed_at,
    })
    .onConflictDoUpdate({
      target: conversions.orderId,
      set: {
        clickId,
        revenueMinor: sql`${conversions.revenueMinor} + ${order.total_minor}`,
        commissionMinor: sql`${conversions.commissionMinor} + ${order.ambassador_revenue_minor}`,
        completed: true,
        completedAt: order.completed_at,
      },
      setWhere: sql`NOT ${conversions.completed}`,
    })
}

/** Takes a refund off its order's revenue and commission in the click stats, once per refund. */
export async function recordConversionRefund(ctx: ConsumerContext<ServiceContext>, refund: OrderRefundedData) {
  const { link_id: linkId, ambassador_id: ambassadorId } = refund
  if (linkId === null || ambassadorId === null) return
  if (!isUuid(refund.id) || !isUuid(refund.order_id) || !isUuid(linkId) || !isUuid(ambassadorId)) return
  await ctx.db
    .insert(conversions)
    .values({
      orderId: refund.order_id,
      linkId,
      ambassadorId,
      currency: refund.currency,
      revenueMinor: -refund.amount_minor,
      commissionMinor: -refund.ambassador_revenue_minor,
      completed: false,
      refundIds: [refund.id],
      completedAt: refund.order_completed_at,
    })
    .onConflictDoUpdate({
      target: conversions.orderId,
      set: {
        revenueMinor: sql`${conversions.revenueMinor} - ${refund.amount_minor}`,
        commissionMinor: sql`${conversions.commissionMinor} - ${refund.ambassador_revenue_minor}`,
        refundIds: sql`array_append(${conversions.refundIds}, ${refund.id}::uuid)`,
      },
      setWhere: sql`NOT (${refund.id}::uuid = ANY(${conversions.refundIds}))`,
    })
}

/**
 * Adds the commission an admin restored to an order whose commission was withheld (its completion counted none),
 * once: a second delivery finds it already added.
 */
export async function recordConversionRestoration(
  ctx: ConsumerContext<ServiceContext>,
  restored: OrderCommissionRestoredData,
) {
  const { link_id: linkId, ambassador_id: ambassadorId } = restored
  if (linkId === null || !isUuid(restored.order_id) || !isUuid(linkId) || !isUuid(ambassadorId)) return
  await ctx.db
    .insert(conversions)
    .values({
      orderId: restored.order_id,
      linkId,
      ambassadorId,
      currency: restored.currency,
      revenueMinor: 0,
      commissionMinor: restored.ambassador_revenue_minor,
      completed: false,
      commissionRestored: true,
      completedAt: restored.order_completed_at,
    })
    .onConflictDoUpdate({
      target: conversions.orderId,
      set: {
        commissionMinor: sql`${conversions.commissionMinor} + ${restored.ambassador_revenue_minor}`,
        commissionRestored: true,
      },
      setWhere: sql`NOT ${conversions.commissionRestored}`,
    })
}
