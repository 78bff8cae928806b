import type { OrderFulfilmentData } from '@ambassador/contracts/events'
import type { OrderStage } from '@ambassador/contracts/http'
import { inTransaction } from '@ambassador/kit/db/database'
import { conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import { formatMoney } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { invoiceNumberOf } from './documents.ts'
import type { Order } from './orders.ts'
import { orders, orderTimeline } from './schema.ts'

export type FulfilmentStage = 'fulfilled' | 'shipped' | 'delivered'
export type Shipment = { carrier: string; trackingNumber: string; trackingUrl?: string | undefined }

/** The stage each step must come from: no step skipped, none taken back. */
const FROM: Record<FulfilmentStage, FulfilmentStage | null> = {
  fulfilled: null,
  shipped: 'fulfilled',
  delivered: 'shipped',
}

/** Where an order is, as shoppers and admins see it. */
export function stageOf(order: Pick<Order, 'status' | 'fulfilment' | 'totalMinor' | 'refundedMinor'>): OrderStage {
  if (order.status === 'pending') return 'pending'
  if (order.status === 'expired') return 'cancelled'
  if (order.totalMinor > 0 && order.refundedMinor >= order.totalMinor) return 'refunded'
  return order.fulfilment ?? 'paid'
}

/**
 * Ships a packed order (with its carrier and tracking number) or marks a shipped one delivered, recording who did it
 * and when, and announcing it (order.shipped / order.delivered) in the same transaction. Packing goes line by line:
 * `fulfilLines` (line-fulfilment.ts).
 */
export async function advanceOrder(
  ctx: ServiceContext,
  orderId: string,
  stage: Exclude<FulfilmentStage, 'fulfilled'>,
  actorId: string | null,
  shipment?: Shipment,
): Promise<void> {
  if (!isUuid(orderId)) throw notFound('Order not found')
  await inTransaction(ctx.db, (tx) => moveOrder(ctx, tx, orderId, stage, actorId, { shipment }))
}

/**
 * Moves a paid order one step on, in the caller's transaction: one conditional update (the order must be at the step
 * before, paid and not refunded in full), the step in the timeline, and its event in the outbox. A step that skips
 * one, goes back, or moves an unpaid or fully refunded order → 409 with the reason; two admins taking the same step
 * at once: one wins, the other gets 409.
 */
export async function moveOrder(
  ctx: ServiceContext,
  tx: ServiceContext['db'],
  orderId: string,
  stage: FulfilmentStage,
  actorId: string | null,
  step: { shipment?: Shipment | undefined; detail?: string | undefined } = {},
): Promise<void> {
  const { shipment } = step
  const at = ctx.clock.now().toISOString()
  const from = FROM[stage]
  const [moved] = await tx
    .update(orders)
    .set({
      fulfilment: stage,
      ...(shipment
        ? {
            carrier: shipment.carrier,
            trackingNumber: shipment.trackingNumber,
            trackingUrl: shipment.trackingUrl ?? null,
          }
        : {}),
    })
    .where(
      and(
        eq(orders.id, orderId),
        eq(orders.status, 'completed'),
        from === null ? isNull(orders.fulfilment) : eq(orders.fulfilment, from),
        sql`(${orders.totalMinor} = 0 OR ${orders.refundedMinor} < ${orders.totalMinor})`,
      ),
    )
    .returning()
  if (!moved) throw await refusal(tx, orderId, stage)
  const detail = shipment ? `${shipment.carrier} ${shipment.trackingNumber}` : (step.detail ?? null)
  await tx.insert(orderTimeline).values({ id: newId(), orderId, stage, actorId, detail, at })
  const data: OrderFulfilmentData = {
    order_id: moved.id,
    ambassador_id: moved.ambassadorId,
    email: moved.email,
    first_name: moved.firstName,
    last_name: moved.lastName,
    invoice_number: (await invoiceNumberOf(tx, moved.id)) ?? null,
    carrier: moved.carrier,
    tracking_number: moved.trackingNumber,
    tracking_url: moved.trackingUrl,
    actor_id: actorId,
    at,
  }
  await ctx.outbox.add(tx, { type: `order.${stage}`, key: moved.id, data })
}

/** Why an order could not take a step: 404 when there is no such order, else 409 naming where it is. */
export async function refusal(tx: ServiceContext['db'], orderId: string, stage: FulfilmentStage) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId))
  if (!order) return notFound('Order not found')
  const now = stageOf(order)
  const wanted = { fulfilled: 'fulfil', shipped: 'ship', delivered: 'deliver' }[stage]
  const why =
    now === 'pending' || now === 'cancelled'
      ? `it was never paid (${now})`
      : now === 'refunded'
        ? 'it was refunded in full'
        : now === stage
          ? `it is already ${stage}`
          : `it is ${now}; the next step is ${nextStep(now) ?? 'none'}`
  return conflict(`Cannot ${wanted} this order: ${why}`, 'order_stage')
}

function nextStep(stage: OrderStage): string | undefined {
  return { paid: 'fulfil', fulfilled: 'ship', shipped: 'deliver' }[stage as 'paid']
}

type SettledRefund = { status: string; amountMinor: number; requestedBy: string | null; settledAt: string | null }

/** An order's steps with who took them and when: placed, paid and refunds from their own records, the rest as recorded. */
export async function timelineOf(ctx: ServiceContext, order: Order, refunds: SettledRefund[]) {
  const recorded = await ctx.db
    .select()
    .from(orderTimeline)
    .where(eq(orderTimeline.orderId, order.id))
    .orderBy(orderTimeline.at)
  const iso = (value: string) => new Date(value).toISOString()
  return [
    { stage: 'placed', at: iso(order.createdAt), actor_id: null, detail: null },
    ...(order.completedAt ? [{ stage: 'paid', at: iso(order.completedAt), actor_id: null, detail: null }] : []),
    ...recorded.map((step) => ({ stage: step.stage, at: iso(step.at), actor_id: step.actorId, detail: step.detail })),
    ...refunds
      .filter((refund) => refund.status === 'succeeded' && refund.settledAt)
      .map((refund) => ({
        stage: 'refunded',
        at: iso(refund.settledAt as string),
        actor_id: refund.requestedBy,
        detail: formatMoney(refund.amountMinor, order.currency),
      })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

/** Records that an unpaid order was cancelled (it expired), in the caller's transaction. */
export async function recordCancelled(tx: ServiceContext['db'], orderId: string, at: string) {
  await tx
    .insert(orderTimeline)
    .values({ id: newId(), orderId, stage: 'cancelled', actorId: null, detail: 'not paid in time', at })
}
