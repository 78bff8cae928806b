import type { FulfilmentQueue, QueueStage } from '@ambassador/contracts/http'
import { orderNumberOf } from '@ambassador/contracts/order-number'
import { toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm'
import { stageOf } from './fulfilment.ts'
import { orderItems, orders } from './schema.ts'

const PER_PAGE = 20

/** Paid and not refunded in full: the orders someone still has to pack, ship or see delivered. */
const NOT_REFUNDED = sql`(${orders.totalMinor} = 0 OR ${orders.refundedMinor} < ${orders.totalMinor})`

function atStage(stage: QueueStage): SQL | undefined {
  return and(
    eq(orders.status, 'completed'),
    stage === 'paid' ? isNull(orders.fulfilment) : eq(orders.fulfilment, stage),
    NOT_REFUNDED,
  )
}

/**
 * The admins' work list (checkout holds where each order is): the orders at one stage — paid (to pack), fulfilled (to
 * ship), shipped (to confirm delivery) — oldest payment first, with their lines and what is packed, one page at a
 * time, and how many orders wait at each stage.
 */
export async function fulfilmentQueue(
  ctx: ServiceContext,
  query: { stage?: QueueStage | undefined; page?: number | undefined; per_page?: number | undefined },
): Promise<FulfilmentQueue> {
  const stage = query.stage ?? 'paid'
  const page = query.page ?? 1
  const perPage = query.per_page ?? PER_PAGE
  const [rows, counted] = await Promise.all([
    ctx.db
      .select()
      .from(orders)
      .where(atStage(stage))
      .orderBy(asc(orders.completedAt), asc(orders.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    ctx.db
      .select({ fulfilment: orders.fulfilment, orders: sql<number>`count(*)::int` })
      .from(orders)
      .where(and(eq(orders.status, 'completed'), sql`${orders.fulfilment} IS DISTINCT FROM 'delivered'`, NOT_REFUNDED))
      .groupBy(orders.fulfilment),
  ])
  const countOf = (fulfilment: string | null) =>
    Number(counted.find((row) => row.fulfilment === fulfilment)?.orders ?? 0)
  const counts = { paid: countOf(null), fulfilled: countOf('fulfilled'), shipped: countOf('shipped') }
  const lines =
    rows.length === 0
      ? []
      : await ctx.db
          .select()
          .from(orderItems)
          .where(
            inArray(
              orderItems.orderId,
              rows.map((order) => order.id),
            ),
          )
          .orderBy(asc(orderItems.id))
  const total = counts[stage]
  return {
    data: rows.map((order) => ({
      id: order.id,
      number: orderNumberOf(order.id),
      stage: stageOf(order),
      name: `${order.firstName} ${order.lastName}`,
      email: order.email,
      city: order.city,
      country: order.country,
      currency: order.currency,
      amount_paid: toMajor(order.totalMinor),
      paid_at: new Date(order.completedAt ?? order.createdAt).toISOString(),
      lines: lines
        .filter((line) => line.orderId === order.id)
        .map((line) => ({
          id: line.id,
          title: line.productTitle,
          quantity: line.quantity,
          refunded_quantity: line.refundedQuantity,
          fulfilled_at: line.fulfilledAt ? new Date(line.fulfilledAt).toISOString() : null,
        })),
      carrier: order.carrier,
      tracking_number: order.trackingNumber,
      tracking_url: order.trackingUrl,
    })),
    total,
    page,
    last_page: Math.max(1, Math.ceil(total / perPage)),
    counts,
  }
}
