import type { ShopperOrder } from '@ambassador/contracts/http'
import { orderNumberOf } from '@ambassador/contracts/order-number'
import { notFound } from '@ambassador/kit/errors/errors'
import { isUuid } from '@ambassador/kit/ids/ids'
import { toMajor } from '@ambassador/kit/money/money'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { documentPdf, invoiceNumberOf } from './documents.ts'
import { stageOf, timelineOf } from './fulfilment.ts'
import type { CheckoutContext, Order } from './orders.ts'
import { refundsOf } from './refunds.ts'
import { documents, orderItems, orders } from './schema.ts'

/** A shopper's own orders, newest first (at most 200), each with its stage and invoice number. */
export async function listShopperOrders(ctx: CheckoutContext, customerId: string) {
  const rows = await ctx.db
    .select({
      order: orders,
      itemCount: sql<number>`(SELECT coalesce(sum(i.quantity), 0)::int FROM ${orderItems} i WHERE i.order_id = orders.id)`,
      invoiceNumber: sql<
        string | null
      >`(SELECT d.number FROM ${documents} d WHERE d.order_id = orders.id AND d.kind = 'invoice')`,
    })
    .from(orders)
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(orders.createdAt))
    .limit(200)
  return rows.map(({ order, itemCount, invoiceNumber }) => ({
    ...summaryOf(order),
    item_count: Number(itemCount),
    invoice_number: invoiceNumber,
  }))
}

/** One of the shopper's own orders; another shopper's, a guest's or an unknown one → the same 404. */
export async function showShopperOrder(
  ctx: CheckoutContext,
  customerId: string,
  orderId: string,
): Promise<ShopperOrder> {
  const order = await ownOrder(ctx, customerId, orderId)
  const [items, refunds, invoiceNumber] = await Promise.all([
    ctx.db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.id)),
    refundsOf(ctx.db, order.id),
    invoiceNumberOf(ctx.db, order.id),
  ])
  const timeline = await timelineOf(ctx, order, refunds)
  return {
    ...summaryOf(order),
    item_count: items.reduce((sum, item) => sum + item.quantity, 0),
    invoice_number: invoiceNumber ?? null,
    lines: items.map((item) => ({
      title: item.productTitle,
      quantity: item.quantity,
      price: toMajor(item.priceMinor),
      discount: toMajor(item.discountMinor),
      total: toMajor(item.priceMinor * item.quantity - item.discountMinor),
    })),
    subtotal: toMajor(order.totalMinor + order.discountMinor),
    discount: toMajor(order.discountMinor),
    refunded: toMajor(order.refundedMinor),
    coupon_code: order.couponCode,
    store_credit: toMajor(order.storeCreditMinor),
    shipping: {
      name: `${order.firstName} ${order.lastName}`,
      address: order.address,
      city: order.city,
      zip: order.zip,
      country: order.country,
    },
    carrier: order.carrier,
    tracking_number: order.trackingNumber,
    tracking_url: order.trackingUrl,
    timeline: timeline.map(({ stage, at, detail }) => ({ stage, at, detail })),
  }
}

/** The invoice of one of the shopper's own orders, as a PDF; 404 for anyone else's, or before it is paid. */
export async function shopperInvoicePdf(ctx: CheckoutContext, customerId: string, orderId: string) {
  const order = await ownOrder(ctx, customerId, orderId)
  const number = await invoiceNumberOf(ctx.db, order.id)
  if (!number) throw notFound('This order has no invoice yet')
  return documentPdf(ctx.db, number, order.id)
}

async function ownOrder(ctx: CheckoutContext, customerId: string, orderId: string): Promise<Order> {
  if (!isUuid(orderId)) throw notFound('Order not found')
  const [order] = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.customerId, customerId)))
  if (!order) throw notFound('Order not found')
  return order
}

function summaryOf(order: Order) {
  return {
    id: order.id,
    number: orderNumberOf(order.id),
    stage: stageOf(order),
    placed_at: new Date(order.createdAt).toISOString(),
    currency: order.currency,
    total: toMajor(order.totalMinor),
  }
}
