import { newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext, Worker } from '@ambassador/kit/service'
import { and, asc, eq, inArray, lte, notExists, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { ledgerDeliveries, ledgerEntries } from '../schema.ts'

const DAY_MS = 86_400_000
/** Lines approved per transaction: a backlog is worked through in passes that each hold their locks briefly. */
const BATCH = 500

// Aliased: FOR UPDATE OF takes a bare name, which Drizzle prints only for an alias.
const accrual = alias(ledgerEntries, 'accrual')
const approval = alias(ledgerEntries, 'approval')

/**
 * Approves the pending commission of every line whose hold has passed: COMMISSION_HOLD_DAYS from its order's
 * delivery, or from its payment if never delivered. Approving inserts an approval moving what is left pending on the
 * line (its accrual less the reversals so far) to approved. Returns how many lines it approved.
 */
export async function approveMaturedCommissions(ctx: ServiceContext): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - ctx.config.commissionHoldDays * DAY_MS).toISOString()
  return ctx.db.transaction(async (tx) => {
    // Locked (refunds lock them too) and skipped when another worker holds them: a line's approval and a refund of
    // it never interleave, and two workers never approve the same line (the unique index would refuse it anyway).
    const due = await tx
      .select({
        id: accrual.id,
        ambassadorId: accrual.ambassadorId,
        currency: accrual.currency,
        orderId: accrual.orderId,
        orderItemId: accrual.orderItemId,
        linkId: accrual.linkId,
        rateBasisPoints: accrual.rateBasisPoints,
        rule: accrual.rule,
        sourceEventId: accrual.sourceEventId,
      })
      .from(accrual)
      .leftJoin(ledgerDeliveries, eq(ledgerDeliveries.orderId, accrual.orderId))
      .where(
        and(
          eq(accrual.kind, 'accrual'),
          lte(sql`coalesce(${ledgerDeliveries.deliveredAt}, ${accrual.occurredAt})`, cutoff),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(approval)
              .where(and(eq(approval.orderItemId, accrual.orderItemId), eq(approval.kind, 'approval'))),
          ),
        ),
      )
      .orderBy(asc(accrual.occurredAt), asc(accrual.id))
      .limit(BATCH)
      .for('update', { of: accrual, skipLocked: true })
    if (due.length === 0) return 0
    // Read after the locks: it includes every reversal committed before them.
    const pending = await tx
      .select({
        orderItemId: ledgerEntries.orderItemId,
        minor: sql<number>`sum(${ledgerEntries.pendingMinor})`.mapWith(Number),
      })
      .from(ledgerEntries)
      .where(
        inArray(
          ledgerEntries.orderItemId,
          due.map((line) => line.orderItemId as string),
        ),
      )
      .groupBy(ledgerEntries.orderItemId)
    const remaining = new Map(pending.map((p) => [p.orderItemId, p.minor]))
    const now = ctx.clock.now().toISOString()
    // A line refunded in full is approved for 0: it is settled and never looked at again.
    const approved = await tx
      .insert(ledgerEntries)
      .values(
        due.map((line) => {
          const minor = remaining.get(line.orderItemId) ?? 0
          return {
            id: newId(),
            ambassadorId: line.ambassadorId,
            currency: line.currency,
            orderId: line.orderId,
            orderItemId: line.orderItemId,
            linkId: line.linkId,
            kind: 'approval' as const,
            pendingMinor: -minor,
            approvedMinor: minor,
            rateBasisPoints: line.rateBasisPoints,
            rule: line.rule,
            reason: 'hold passed',
            sourceEventId: line.sourceEventId,
            occurredAt: now,
            createdAt: now,
          }
        }),
      )
      .onConflictDoNothing()
      .returning({ id: ledgerEntries.id })
    return approved.length
  })
}

/** Approves matured commission every few seconds (and on every `drain()` in tests). */
export function createMaturityWorker(): Worker<ServiceContext> {
  return { name: 'approve-matured-commissions', intervalMs: 5_000, run: approveMaturedCommissions }
}
