import { and, eq } from 'drizzle-orm'
import { type CheckoutContext, findOrderForSession, settlePaidSession } from '../orders.ts'
import { syncRefunds } from '../refunds.ts'
import { appliedPaymentEvents } from '../schema.ts'
import { findTopUpBySession, settleTopUp, syncTopUpRefunds } from '../wallet/top-ups.ts'
import { logPayment } from './payment-log.ts'
import type { PaymentEvent } from './provider.ts'

type Applied = { outcome: 'ok' | 'ignored'; orderId?: string | undefined; detail?: string }

/**
 * Acts on a verified provider webhook, once per provider event id. What it does is itself idempotent (an order
 * completes once, a refund is reversed once), so concurrent copies of one event that all get past the "applied
 * already?" check still change nothing twice; the check spares the provider calls. A failure is logged and thrown:
 * the provider answers with an error status and sends the event again later.
 */
export async function applyPaymentEvent(ctx: CheckoutContext, event: PaymentEvent): Promise<void> {
  const entry = { provider: ctx.payments.name, direction: 'webhook' as const, action: event.name, reference: event.id }
  if (await alreadyApplied(ctx, event.id)) {
    await logPayment(ctx, { ...entry, outcome: 'duplicate' })
    return
  }
  let applied: Applied
  try {
    applied = await apply(ctx, event)
  } catch (error) {
    await logPayment(ctx, {
      ...entry,
      outcome: 'failed',
      detail: error instanceof Error ? error.message : String(error),
    })
    throw error
  }
  await ctx.db
    .insert(appliedPaymentEvents)
    .values({ provider: ctx.payments.name, eventId: event.id, appliedAt: ctx.clock.now().toISOString() })
    .onConflictDoNothing()
  await logPayment(ctx, { ...entry, ...applied })
}

async function apply(ctx: CheckoutContext, event: PaymentEvent): Promise<Applied> {
  if (event.about === 'session') {
    const order = await findOrderForSession(ctx, event.sessionId)
    if (!order) {
      const topUp = await findTopUpBySession(ctx, event.sessionId)
      if (!topUp) return { outcome: 'ignored', detail: `no order has session ${event.sessionId}` }
      const settled = await settleTopUp(ctx, topUp)
      return { outcome: 'ok', detail: `top-up ${settled.id} ${settled.status}` }
    }
    if (order.status === 'completed') return { outcome: 'ok', orderId: order.id, detail: 'order already completed' }
    const settled = await settlePaidSession(ctx, order, event.sessionId)
    return {
      outcome: settled === 'unknown' || settled === 'mismatch' ? 'ignored' : 'ok',
      orderId: order.id,
      detail: settled,
    }
  }
  if (event.about === 'refunds') {
    const synced = await syncRefunds(ctx, event.paymentId)
    if (!synced) {
      const topUpRefunds = await syncTopUpRefunds(ctx, event.paymentId)
      if (topUpRefunds === undefined) return { outcome: 'ignored', detail: `no order has payment ${event.paymentId}` }
      return { outcome: 'ok', detail: `${topUpRefunds} top-up refund(s) taken back from store credit` }
    }
    return { outcome: 'ok', orderId: synced.orderId, detail: `${synced.applied} refund(s) applied` }
  }
  return { outcome: 'ignored', detail: 'not an event checkout acts on' }
}

async function alreadyApplied(ctx: CheckoutContext, eventId: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ eventId: appliedPaymentEvents.eventId })
    .from(appliedPaymentEvents)
    .where(and(eq(appliedPaymentEvents.provider, ctx.payments.name), eq(appliedPaymentEvents.eventId, eventId)))
  return row !== undefined
}
