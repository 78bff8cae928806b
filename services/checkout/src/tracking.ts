import type { TrackedOrder } from '@ambassador/contracts/http'
import { orderNumberOf } from '@ambassador/contracts/order-number'
import { notFound } from '@ambassador/kit/errors/errors'
import { asc, eq, sql } from 'drizzle-orm'
import { stageOf, timelineOf } from './fulfilment.ts'
import type { CheckoutContext } from './orders.ts'
import { refundsOf } from './refunds.ts'
import { orderItems, orders } from './schema.ts'

/**
 * What anyone holding an order's number and its email address may see: where it is, its steps and what is in it —
 * no address, no payment, no price. A wrong number or a wrong email are the same 404, so nobody learns which one
 * exists.
 */
export async function trackOrder(ctx: CheckoutContext, number: string, email: string): Promise<TrackedOrder> {
  const wanted = number.trim().replace(/^#/, '').toUpperCase()
  if (!/^[0-9A-F]{8}$/.test(wanted)) throw notFound('No order has that number and email')
  const [order] = await ctx.db
    .select()
    .from(orders)
    .where(
      sql`upper(right(replace(${orders.id}::text, '-', ''), 8)) = ${wanted} AND lower(${orders.email}) = ${email.trim().toLowerCase()}`,
    )
    .limit(1)
  if (!order) throw notFound('No order has that number and email')
  const [lines, refunds] = await Promise.all([
    ctx.db
      .select({ title: orderItems.productTitle, quantity: orderItems.quantity })
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.id)),
    refundsOf(ctx.db, order.id),
  ])
  const timeline = await timelineOf(ctx, order, refunds)
  return {
    number: orderNumberOf(order.id),
    stage: stageOf(order),
    placed_at: new Date(order.createdAt).toISOString(),
    lines,
    carrier: order.carrier,
    tracking_number: order.trackingNumber,
    tracking_url: order.trackingUrl,
    timeline: timeline.map(({ stage, at, detail }) => ({ stage, at, detail })),
  }
}
