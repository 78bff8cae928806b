import type { OrderRefundedData } from '@ambassador/contracts/events'
import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { AppError, badRequest, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm'
import { invoiceNumberOf, issueCreditNote } from './documents.ts'
import { packIfRefundFinishedIt } from './line-fulfilment.ts'
import type { CheckoutContext, Order } from './orders.ts'
import { loggedCall } from './payments/payment-log.ts'
import type { ProviderRefund } from './payments/provider.ts'
import { type PlannedLine, planRefund, type RefundAsk } from './refund-plan.ts'
import { orderItems, orders, refundLines, refunds } from './schema.ts'
import { refundToWallet } from './wallet/orders.ts'

export type RefundRow = typeof refunds.$inferSelect

/**
 * An admin gives money back on a completed order: some units of some lines, or an amount. The amounts are held on
 * the order first (in a transaction that locks it, so concurrent refunds cannot together exceed the payment), then
 * the provider is asked; its answer settles the refund. A provider that cannot be reached leaves it pending: the
 * reconcile worker asks again with the same idempotency key.
 */
export async function refundOrder(ctx: CheckoutContext, orderId: string, ask: RefundAsk, adminId: string) {
  if (!isUuid(orderId)) throw notFound('Order not found')
  const { refund, paymentId } = await inTransaction(ctx.db, async (tx) => {
    const order = await lockOrder(tx, orderId)
    if (!order) throw notFound('Order not found')
    if (order.status !== 'completed' || !order.paymentId) {
      throw badRequest('Only a paid order can be refunded', 'order_not_paid')
    }
    const lines = planRefund(await linesOf(tx, orderId), ask)
    const amountMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0)
    const held = await holdRefund(ctx, tx, order, lines, {
      requestedBy: adminId,
      status: 'pending',
      storeCreditMinor: storeCreditPartOf(order, amountMinor),
    })
    return { refund: held, paymentId: order.paymentId }
  })
  // All of it goes back to store credit: nothing to ask the provider.
  if (refund.storeCreditMinor === refund.amountMinor) {
    await completeRefund(ctx, refund.id)
    return
  }
  let answer: ProviderRefund
  try {
    answer = await askProviderToRefund(ctx, refund, paymentId)
  } catch (error) {
    if (error instanceof AppError) {
      await releaseRefund(ctx, refund.id, error.message)
      throw error
    }
    ctx.log.error({ err: error, refundId: refund.id }, 'the refund could not be sent to the provider; will retry')
    return
  }
  await settleRefund(ctx, refund.id, answer)
}

/**
 * What of a refund goes back to store credit: the provider gives back what it charged first (less what earlier
 * refunds gave back through it), and store credit the rest.
 */
export function storeCreditPartOf(
  order: Pick<Order, 'totalMinor' | 'storeCreditMinor' | 'refundedMinor' | 'storeCreditRefundedMinor'>,
  amountMinor: number,
): number {
  const charged = order.totalMinor - order.storeCreditMinor
  const refundedByProvider = order.refundedMinor - order.storeCreditRefundedMinor
  const toProvider = Math.min(amountMinor, Math.max(0, charged - refundedByProvider))
  return amountMinor - toProvider
}

/**
 * Asks the provider to give a held refund's money back (its part that is not store credit), logged; the refund's id
 * is its idempotency key.
 */
function askProviderToRefund(ctx: CheckoutContext, refund: RefundRow, paymentId: string) {
  const amountMinor = refund.amountMinor - refund.storeCreditMinor
  return loggedCall(
    ctx,
    { provider: ctx.payments.name, action: 'refunds.create', orderId: refund.orderId },
    () => ctx.payments.refund({ refundId: refund.id, orderId: refund.orderId, paymentId, amountMinor }),
    (answer) => ({ reference: answer.id, detail: answer.status }),
  )
}

/**
 * Brings an order's refunds in line with the provider's: a refund of ours it reports done or failed is settled, one
 * made at the provider (Stripe's dashboard) that we have not seen is applied as an amount spread across the lines.
 * Returns undefined when no order has this payment.
 */
export async function syncRefunds(ctx: CheckoutContext, paymentId: string) {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.paymentId, paymentId))
  if (!order) return undefined
  const known = await loggedCall(
    ctx,
    { provider: ctx.payments.name, action: 'refunds.list', orderId: order.id, reference: paymentId },
    () => ctx.payments.listRefunds(paymentId),
    (list) => ({ detail: `${list.length} refund(s)` }),
  )
  let applied = 0
  for (const answer of known) {
    const ours = await findRefundOf(ctx.db, answer)
    if (ours) {
      if (await settleRefund(ctx, ours.id, answer)) applied++
    } else if (answer.status === 'succeeded') {
      if (await applyProviderRefund(ctx, order.id, answer)) applied++
    }
  }
  return { orderId: order.id, applied }
}

/** Pending refunds a minute old (a crash, an unreachable provider): asks the provider again, with the same key. */
export async function settlePendingRefunds(ctx: CheckoutContext): Promise<number> {
  const pending = await ctx.db
    .select({ refund: refunds, paymentId: orders.paymentId })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(
      and(
        eq(refunds.status, 'pending'),
        lt(refunds.createdAt, new Date(ctx.clock.now().getTime() - 60_000).toISOString()),
      ),
    )
    .orderBy(asc(refunds.createdAt))
    .limit(100)
  let settled = 0
  for (const { refund, paymentId } of pending) {
    try {
      // Held only on a paid order (refundOrder checks it), so the payment is there.
      if (!paymentId) throw new Error(`refund ${refund.id} is on an order without a payment`)
      const answer = await askProviderToRefund(ctx, refund, paymentId)
      if (await settleRefund(ctx, refund.id, answer)) settled++
    } catch (error) {
      if (error instanceof AppError) {
        if (await releaseRefund(ctx, refund.id, error.message)) settled++
      } else {
        ctx.log.warn({ err: error, refundId: refund.id }, 'could not settle a pending refund; will try again')
      }
    }
  }
  return settled
}

/** The order's refunds, oldest first, each with its lines. */
export async function refundsOf(db: Database, orderId: string) {
  const rows = await db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(asc(refunds.createdAt))
  if (rows.length === 0) return []
  const lines = await db
    .select()
    .from(refundLines)
    .where(
      inArray(
        refundLines.refundId,
        rows.map((r) => r.id),
      ),
    )
  return rows.map((refund) => ({ ...refund, lines: lines.filter((line) => line.refundId === refund.id) }))
}

/** Acts on the provider's answer about one of our refunds; returns whether it changed the refund. */
async function settleRefund(ctx: CheckoutContext, refundId: string, answer: ProviderRefund): Promise<boolean> {
  await ctx.db
    .update(refunds)
    .set({ providerRefundId: answer.id })
    .where(and(eq(refunds.id, refundId), sql`${refunds.providerRefundId} IS NULL`))
  if (answer.status === 'succeeded') return completeRefund(ctx, refundId)
  if (answer.status === 'failed' || answer.status === 'canceled') {
    return releaseRefund(ctx, refundId, `The provider reports the refund ${answer.status}`)
  }
  return false
}

/** Marks a pending refund succeeded and announces order.refunded, once. */
async function completeRefund(ctx: ServiceContext, refundId: string): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const settledAt = ctx.clock.now().toISOString()
    const [done] = await tx
      .update(refunds)
      .set({ status: 'succeeded', settledAt })
      .where(and(eq(refunds.id, refundId), eq(refunds.status, 'pending')))
      .returning()
    if (!done) return false
    if (done.storeCreditMinor > 0) {
      const [order] = await tx.select().from(orders).where(eq(orders.id, done.orderId))
      if (order) await refundToWallet(ctx, tx, order, done)
    }
    await announceRefund(ctx, tx, done)
    return true
  })
}

/** A pending refund the provider refused or failed: nothing went back, so the held amounts are freed. */
async function releaseRefund(ctx: ServiceContext, refundId: string, reason: string): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const [failed] = await tx
      .update(refunds)
      .set({ status: 'failed', lastError: reason.slice(0, 2_000), settledAt: ctx.clock.now().toISOString() })
      .where(and(eq(refunds.id, refundId), eq(refunds.status, 'pending')))
      .returning()
    if (!failed) return false
    const lines = await tx.select().from(refundLines).where(eq(refundLines.refundId, refundId))
    await moveRefunded(tx, failed.orderId, lines, -1, failed.storeCreditMinor)
    return true
  })
}

/** A refund made at the provider that we did not ask for: an amount, spread across the lines, applied once. */
async function applyProviderRefund(ctx: CheckoutContext, orderId: string, answer: ProviderRefund): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const order = await lockOrder(tx, orderId)
    if (!order) return false
    // Checked under the order's lock: a concurrent copy of the same notification finds the refund recorded.
    const [seen] = await tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.providerRefundId, answer.id))
    if (seen) return false
    const left = order.totalMinor - order.refundedMinor
    if (answer.amountMinor > left) {
      ctx.log.error(
        { orderId, refund: answer },
        'the provider refunded more than is left on the order; applying what is left',
      )
    }
    const amountMinor = Math.min(answer.amountMinor, left)
    if (amountMinor <= 0) return false
    const lines = planRefund(await linesOf(tx, orderId), { amountMinor })
    const refund = await holdRefund(ctx, tx, order, lines, {
      requestedBy: null,
      status: 'succeeded',
      providerRefundId: answer.id,
    })
    await announceRefund(ctx, tx, refund)
    return true
  })
}

/** Records a refund and its lines, and adds what it takes to the order and its lines. */
async function holdRefund(
  ctx: ServiceContext,
  tx: Database,
  order: Order,
  lines: PlannedLine[],
  how: {
    requestedBy: string | null
    status: 'pending' | 'succeeded'
    providerRefundId?: string
    storeCreditMinor?: number
  },
): Promise<RefundRow> {
  const now = ctx.clock.now().toISOString()
  const [refund] = await tx
    .insert(refunds)
    .values({
      id: newId(),
      orderId: order.id,
      providerRefundId: how.providerRefundId ?? null,
      amountMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0),
      storeCreditMinor: how.storeCreditMinor ?? 0,
      status: how.status,
      requestedBy: how.requestedBy,
      createdAt: now,
      settledAt: how.status === 'succeeded' ? now : null,
    })
    .returning()
  if (!refund) throw new Error('the refund was not recorded')
  await tx.insert(refundLines).values(lines.map((line) => ({ refundId: refund.id, ...line })))
  await moveRefunded(tx, order.id, lines, 1, refund.storeCreditMinor)
  return refund
}

/** Adds (`sign` 1) or gives back (-1) what refund lines take from an order and its lines, and its store credit part. */
async function moveRefunded(
  tx: Database,
  orderId: string,
  lines: Pick<PlannedLine, 'orderItemId' | 'quantity' | 'amountMinor' | 'ambassadorRevenueMinor'>[],
  sign: 1 | -1,
  storeCreditMinor: number,
) {
  for (const line of lines) {
    await tx
      .update(orderItems)
      .set({
        refundedQuantity: sql`${orderItems.refundedQuantity} + ${sign * line.quantity}`,
        refundedMinor: sql`${orderItems.refundedMinor} + ${sign * line.amountMinor}`,
        refundedAmbassadorMinor: sql`${orderItems.refundedAmbassadorMinor} + ${sign * line.ambassadorRevenueMinor}`,
      })
      .where(eq(orderItems.id, line.orderItemId))
  }
  const total = lines.reduce((sum, line) => sum + line.amountMinor, 0)
  await tx
    .update(orders)
    .set({
      refundedMinor: sql`${orders.refundedMinor} + ${sign * total}`,
      storeCreditRefundedMinor: sql`${orders.storeCreditRefundedMinor} + ${sign * storeCreditMinor}`,
    })
    .where(eq(orders.id, orderId))
}

/** Writes order.refunded for a succeeded refund into the outbox, in the caller's transaction. */
async function announceRefund(ctx: ServiceContext, tx: Database, refund: RefundRow) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, refund.orderId))
  if (!order) throw new Error(`order ${refund.orderId} of refund ${refund.id} is gone`)
  const lines = await tx
    .select({ line: refundLines, item: orderItems })
    .from(refundLines)
    .innerJoin(orderItems, eq(orderItems.id, refundLines.orderItemId))
    .where(eq(refundLines.refundId, refund.id))
    .orderBy(asc(orderItems.id))
  const items = lines.map(({ line, item }) => ({
    order_item_id: item.id,
    product_id: item.productId,
    product_title: item.productTitle,
    quantity: line.quantity,
    amount_minor: line.amountMinor,
    admin_revenue_minor: line.adminRevenueMinor,
    ambassador_revenue_minor: line.ambassadorRevenueMinor,
  }))
  const data: OrderRefundedData = {
    id: refund.id,
    order_id: order.id,
    link_id: order.linkId,
    code: order.code,
    ambassador_id: order.ambassadorId,
    first_name: order.firstName,
    last_name: order.lastName,
    email: order.email,
    currency: order.currency,
    amount_minor: refund.amountMinor,
    admin_revenue_minor: items.reduce((sum, item) => sum + item.admin_revenue_minor, 0),
    ambassador_revenue_minor: items.reduce((sum, item) => sum + item.ambassador_revenue_minor, 0),
    items,
    order_total_minor: order.totalMinor,
    order_refunded_minor: order.refundedMinor,
    order_completed_at: order.completedAt ?? order.createdAt,
    refunded_at: refund.settledAt ?? ctx.clock.now().toISOString(),
    invoice_number: await invoiceNumberOf(tx, order.id),
    ...(refund.storeCreditMinor > 0 && { store_credit_minor: refund.storeCreditMinor }),
  }
  data.credit_note_number = await issueCreditNote(tx, ctx.config, data)
  await ctx.outbox.add(tx, { type: 'order.refunded', key: order.id, data })
  await packIfRefundFinishedIt(ctx, tx, order.id, refund.requestedBy)
}

async function lockOrder(tx: Database, orderId: string): Promise<Order | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update')
  return order
}

async function findRefund(db: Database, refundId: string): Promise<RefundRow | undefined> {
  const [refund] = await db.select().from(refunds).where(eq(refunds.id, refundId))
  return refund
}

/** Our refund the provider's answer is about: by the provider's id, or by ours it carries (its metadata). */
async function findRefundOf(db: Database, answer: ProviderRefund): Promise<RefundRow | undefined> {
  const [byProvider] = await db.select().from(refunds).where(eq(refunds.providerRefundId, answer.id))
  if (byProvider) return byProvider
  return answer.refundId && isUuid(answer.refundId) ? findRefund(db, answer.refundId) : undefined
}

function linesOf(db: Database, orderId: string) {
  return db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id))
}
