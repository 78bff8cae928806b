import type { OrderCommissionRestoredData } from '@ambassador/contracts/events'
import type { OrderDetail } from '@ambassador/contracts/http'
import { inTransaction } from '@ambassador/kit/db/database'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid } from '@ambassador/kit/ids/ids'
import { splitCommission } from '@ambassador/kit/money/money'
import { asc, eq, inArray } from 'drizzle-orm'
import { commissionTermsFor, evaluateCommission, givingUp, lineColumnsOf } from './commission-rules.ts'
import { showOrder } from './order-view.ts'
import type { CheckoutContext } from './orders.ts'
import { coupons, orderItems, orders, products } from './schema.ts'

/**
 * An admin overrules a withheld commission (the order looked like the ambassador's own but was not, or the store
 * lets staff buy through their own links): the lines earn what the rules give now, the vanity code's given-up part
 * still taken off, and the change is recorded with the admin and the reason. A completed order announces
 * `order.commission_restored` so the ledger, stats and revenue follow; a pending one simply completes with it. An order
 * something was refunded from is not restored (409): its refunds were computed without commission.
 */
export async function restoreCommission(
  ctx: CheckoutContext,
  orderId: string,
  adminId: string,
  reasonText: string,
): Promise<OrderDetail> {
  const reason = reasonText.trim()
  if (reason.length < 3) throw badRequest('reason must say why, in 3 to 500 characters', 'invalid_reason')
  if (!isUuid(orderId)) throw notFound('Order not found')
  await inTransaction(ctx.db, async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update')
    if (!order) throw notFound('Order not found')
    if (!order.ambassadorId || !order.commissionWithheld || order.commissionRestoredAt) {
      throw conflict('This order’s commission is not withheld', 'commission_not_withheld')
    }
    if (order.refundedMinor > 0) {
      throw conflict('Money was refunded from this order: its commission can no longer be restored', 'order_refunded')
    }
    const ambassadorId = order.ambassadorId
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id))
    const productIds = items.map((item) => item.productId)
    const catalog = await tx
      .select({ id: products.id, categoryIds: products.categoryIds })
      .from(products)
      .where(inArray(products.id, productIds))
    const categoriesOf = new Map(catalog.map((product) => [product.id, product.categoryIds]))
    const terms = await commissionTermsFor(ctx, {
      ambassadorId,
      currency: order.currency,
      productIds,
      categoryIds: [...new Set(catalog.flatMap((product) => product.categoryIds))],
    })
    const [coupon] = order.couponId
      ? await tx
          .select({ givenUp: coupons.commissionGivenUpBasisPoints, ambassadorId: coupons.ambassadorId })
          .from(coupons)
          .where(eq(coupons.id, order.couponId))
      : []
    const givenUp = coupon?.ambassadorId === ambassadorId ? coupon.givenUp : 0
    const now = ctx.clock.now().toISOString()
    const restored = items.map((item) => {
      const paidMinor = item.priceMinor * item.quantity - item.discountMinor
      const line = { productId: item.productId, categoryIds: categoriesOf.get(item.productId) ?? [], paidMinor }
      const commission = givingUp(evaluateCommission(terms, line), givenUp)
      commission.detail = { ...commission.detail, restored_by: adminId, restored_reason: reason }
      return { item, commission, split: splitCommission(paidMinor, commission.rateBasisPoints) }
    })
    for (const { item, commission, split } of restored) {
      await tx
        .update(orderItems)
        .set({
          adminRevenueMinor: split.adminMinor,
          ambassadorRevenueMinor: split.ambassadorMinor,
          ...lineColumnsOf(commission),
        })
        .where(eq(orderItems.id, item.id))
    }
    const ambassadorMinor = restored.reduce((sum, line) => sum + line.split.ambassadorMinor, 0)
    await tx
      .update(orders)
      .set({
        adminRevenueMinor: order.totalMinor - ambassadorMinor,
        ambassadorRevenueMinor: ambassadorMinor,
        commissionRestoredBy: adminId,
        commissionRestoredAt: now,
        commissionRestoredReason: reason,
      })
      .where(eq(orders.id, orderId))
    if (order.status !== 'completed') return
    const data: OrderCommissionRestoredData = {
      order_id: order.id,
      link_id: order.linkId,
      code: order.code,
      ambassador_id: ambassadorId,
      currency: order.currency,
      order_completed_at: order.completedAt ?? order.createdAt,
      ambassador_revenue_minor: ambassadorMinor,
      items: restored.map(({ item, commission, split }) => ({
        order_item_id: item.id,
        product_id: item.productId,
        ambassador_revenue_minor: split.ambassadorMinor,
        commission_rate_basis_points: commission.rateBasisPoints,
        commission_rule: commission.rule,
        commission_rule_detail: commission.detail,
      })),
      reason,
      restored_by: adminId,
      restored_at: now,
    }
    await ctx.outbox.add(tx, { type: 'order.commission_restored', key: order.id, data })
  })
  return showOrder(ctx, orderId)
}
