import type { OrderDetail } from '@ambassador/contracts/http'
import { notFound } from '@ambassador/kit/errors/errors'
import { isUuid } from '@ambassador/kit/ids/ids'
import { toMajor } from '@ambassador/kit/money/money'
import { asc, eq } from 'drizzle-orm'
import { documentsOf } from './documents.ts'
import { stageOf, timelineOf } from './fulfilment.ts'
import type { CheckoutContext } from './orders.ts'
import { paymentLogOf } from './payments/payment-log.ts'
import { refundsOf } from './refunds.ts'
import { orderItems, orders } from './schema.ts'

const iso = (value: string) => new Date(value).toISOString()

/** One order for an admin: its lines with what was refunded from each, its refunds, and its transaction log. */
export async function showOrder(ctx: CheckoutContext, orderId: string): Promise<OrderDetail> {
  if (!isUuid(orderId)) throw notFound('Order not found')
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId))
  if (!order) throw notFound('Order not found')
  const [items, refunds, log, issued] = await Promise.all([
    ctx.db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id)),
    refundsOf(ctx.db, orderId),
    paymentLogOf(ctx.db, orderId),
    documentsOf(ctx.db, orderId),
  ])
  // Revenues are net of refunds, as everywhere else; `refunded` says what went back.
  const reversedMinor = items.reduce((sum, item) => sum + item.refundedAmbassadorMinor, 0)
  const timeline = await timelineOf(ctx, order, refunds)
  return {
    id: order.id,
    status: order.status,
    stage: stageOf(order),
    carrier: order.carrier,
    tracking_number: order.trackingNumber,
    tracking_url: order.trackingUrl,
    timeline,
    name: `${order.firstName} ${order.lastName}`,
    email: order.email,
    code: order.code,
    ambassador_id: order.ambassadorId,
    currency: order.currency,
    address: order.address,
    city: order.city,
    zip: order.zip,
    country: order.country,
    amount_paid: toMajor(order.totalMinor),
    total: toMajor(order.adminRevenueMinor - (order.refundedMinor - reversedMinor)),
    ambassador_revenue: toMajor(order.ambassadorRevenueMinor - reversedMinor),
    refunded: toMajor(order.refundedMinor),
    subtotal: toMajor(order.totalMinor + order.discountMinor),
    discount: toMajor(order.discountMinor),
    coupon_code: order.couponCode,
    customer_id: order.customerId,
    attributed_by: order.attributedBy,
    click_id: order.clickId,
    commission_withheld: order.commissionWithheld,
    commission_restored:
      order.commissionRestoredAt && order.commissionRestoredBy
        ? {
            by: order.commissionRestoredBy,
            at: iso(order.commissionRestoredAt),
            reason: order.commissionRestoredReason ?? '',
          }
        : null,
    store_credit: toMajor(order.storeCreditMinor),
    store_credit_refunded: toMajor(order.storeCreditRefundedMinor),
    payment_provider: ctx.payments.name,
    payment_session_id: order.paymentSessionId,
    payment_id: order.paymentId,
    created_at: iso(order.createdAt),
    completed_at: order.completedAt ? iso(order.completedAt) : null,
    order_items: items.map((item) => ({
      id: item.id,
      product_id: item.productId,
      product_title: item.productTitle,
      price: toMajor(item.priceMinor),
      quantity: item.quantity,
      discount: toMajor(item.discountMinor),
      admin_revenue: toMajor(item.adminRevenueMinor - (item.refundedMinor - item.refundedAmbassadorMinor)),
      ambassador_revenue: toMajor(item.ambassadorRevenueMinor - item.refundedAmbassadorMinor),
      refunded_quantity: item.refundedQuantity,
      refunded: toMajor(item.refundedMinor),
      refunded_ambassador_revenue: toMajor(item.refundedAmbassadorMinor),
      fulfilled_at: item.fulfilledAt ? iso(item.fulfilledAt) : null,
      fulfilled_by: item.fulfilledBy,
    })),
    refunds: refunds.map((refund) => ({
      id: refund.id,
      status: refund.status,
      amount: toMajor(refund.amountMinor),
      ambassador_revenue: toMajor(refund.lines.reduce((sum, line) => sum + line.ambassadorRevenueMinor, 0)),
      provider_refund_id: refund.providerRefundId,
      requested_by: refund.requestedBy,
      error: refund.lastError,
      created_at: iso(refund.createdAt),
      lines: refund.lines.map((line) => ({
        order_item_id: line.orderItemId,
        quantity: line.quantity,
        amount: toMajor(line.amountMinor),
        admin_revenue: toMajor(line.adminRevenueMinor),
        ambassador_revenue: toMajor(line.ambassadorRevenueMinor),
      })),
    })),
    invoice_number: issued.find((document) => document.kind === 'invoice')?.number ?? null,
    documents: issued.map((document) => ({
      number: document.number,
      kind: document.kind,
      refund_id: document.refundId,
      issued_at: iso(document.issuedAt),
    })),
    payment_events: log.map((entry) => ({
      id: entry.id,
      provider: entry.provider,
      direction: entry.direction === 'webhook' ? 'webhook' : 'call',
      action: entry.action,
      reference: entry.reference,
      outcome: entry.outcome,
      detail: entry.detail,
      created_at: iso(entry.createdAt),
    })),
  }
}
