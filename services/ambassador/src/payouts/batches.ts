import type { PayoutBatch } from '@ambassador/contracts/http'
import type { Database } from '@ambassador/kit/db/database'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { ledgerEntries, payoutBatches, payouts, users } from '../schema.ts'
import { announcePayout } from './events.ts'
import { batchView, type NamedPayout, named } from './views.ts'

type PayoutRow = typeof payouts.$inferSelect

/**
 * An admin approves requested payouts together, to be paid by one method (a batch per method: one CSV, or one run
 * of transfers). Each payout is a line of one batch at most: it must still be requested.
 */
export async function createBatch(ctx: ServiceContext, adminId: string, payoutIds: string[]): Promise<PayoutBatch> {
  const ids = [...new Set(payoutIds)]
  const unknown = ids.filter((id) => !isUuid(id))
  if (unknown.length > 0) throw notFound(`No payout with id ${unknown[0]}`, 'payout_not_found')
  const now = ctx.clock.now().toISOString()
  const batchId = await ctx.db.transaction(async (tx) => {
    const rows = await tx.select().from(payouts).where(inArray(payouts.id, ids)).orderBy(asc(payouts.id)).for('update')
    const found = new Set(rows.map((row) => row.id))
    const missing = ids.find((id) => !found.has(id))
    if (missing) throw notFound(`No payout with id ${missing}`, 'payout_not_found')
    const taken = rows.find((row) => row.status !== 'requested')
    if (taken) throw conflict(`Payout ${taken.id} is already ${taken.status}`, 'payout_not_requested')
    const methods = new Set(rows.map((row) => row.method))
    const currencies = new Set(rows.map((row) => row.currency))
    if (methods.size > 1 || currencies.size > 1) {
      throw badRequest('A batch is paid one way, in one currency: choose payouts of one method', 'mixed_batch')
    }
    const first = rows[0] as PayoutRow
    const id = newId()
    await tx
      .insert(payoutBatches)
      .values({ id, method: first.method, currency: first.currency, createdBy: adminId, createdAt: now })
    await tx
      .update(payouts)
      .set({ status: 'approved', batchId: id, approvedAt: now })
      .where(and(inArray(payouts.id, ids), eq(payouts.status, 'requested')))
    return id
  })
  return batchOf(ctx, batchId)
}

/** A batch and its payouts, or a 404. */
export async function batchOf(ctx: ServiceContext, batchId: string): Promise<PayoutBatch> {
  const [batch] = isUuid(batchId) ? await ctx.db.select().from(payoutBatches).where(eq(payoutBatches.id, batchId)) : []
  if (!batch) throw notFound('No payout batch with this id', 'payout_batch_not_found')
  return batchView(batch, await namedPayouts(ctx.db, batchId))
}

/** The payouts of a batch with their ambassadors' names, oldest request first. */
export async function namedPayouts(db: Database, batchId: string): Promise<NamedPayout[]> {
  const rows = await db
    .select({ payout: payouts, first: users.firstName, last: users.lastName })
    .from(payouts)
    .leftJoin(users, eq(users.id, payouts.ambassadorId))
    .where(eq(payouts.batchId, batchId))
    .orderBy(asc(payouts.requestedAt), asc(payouts.id))
  return rows.map(named)
}

/**
 * Marks one approved payout paid: its money moves from processing to paid in a ledger entry that can exist once per
 * payout (a unique index), and payout.paid is announced. False when it was not approved any more (paid by a
 * concurrent call, or returned): nothing is written then.
 */
export async function markPaid(ctx: ServiceContext, payoutId: string, reference: string | null): Promise<boolean> {
  return (await ctx.db.transaction((tx) => payApproved(ctx, tx, payoutId, reference))) !== undefined
}

/** `markPaid` inside the caller's transaction: the payout as paid, or undefined when it was not approved. */
export async function payApproved(
  ctx: ServiceContext,
  tx: Database,
  payoutId: string,
  reference: string | null,
): Promise<PayoutRow | undefined> {
  const now = ctx.clock.now().toISOString()
  const [paid] = await tx
    .update(payouts)
    .set({ status: 'paid', paidAt: now, reference })
    .where(and(eq(payouts.id, payoutId), eq(payouts.status, 'approved')))
    .returning()
  if (!paid) return undefined
  await tx.insert(ledgerEntries).values({
    id: newId(),
    ambassadorId: paid.ambassadorId,
    currency: paid.currency,
    kind: 'payout',
    processingMinor: -paid.amountMinor,
    paidMinor: paid.amountMinor,
    payoutId: paid.id,
    rule: 'payout_paid',
    reason: reference,
    sourceEventId: `payout:${paid.id}:paid`,
    occurredAt: now,
    createdAt: now,
  })
  await announcePayout(ctx, tx, 'payout.paid', paid, now)
  return paid
}

/**
 * The admin says the batch went out (the CSV was paid at PayPal or Wise): every payout still approved in it is
 * marked paid, with the provider's reference when given. A batch is marked paid once.
 */
export async function markBatchPaid(
  ctx: ServiceContext,
  batchId: string,
  reference: string | undefined,
): Promise<PayoutBatch> {
  const batch = await unpaidBatch(ctx, batchId)
  if (batch.method === 'stripe_connect') {
    throw conflict('A Stripe Connect batch is paid by its transfers', 'batch_paid_by_transfers')
  }
  for (const line of await namedPayouts(ctx.db, batchId)) {
    if (line.payout.status === 'approved') await markPaid(ctx, line.payout.id, reference?.trim() || null)
  }
  await ctx.db.update(payoutBatches).set({ paidAt: ctx.clock.now().toISOString() }).where(eq(payoutBatches.id, batchId))
  return batchOf(ctx, batchId)
}

/** The batch, or a 404; a 409 once it is paid. */
export async function unpaidBatch(ctx: ServiceContext, batchId: string) {
  const [batch] = isUuid(batchId) ? await ctx.db.select().from(payoutBatches).where(eq(payoutBatches.id, batchId)) : []
  if (!batch) throw notFound('No payout batch with this id', 'payout_batch_not_found')
  if (batch.paidAt !== null) throw conflict('This batch is already paid', 'batch_already_paid')
  return batch
}

/** Records when the batch was first exported. */
export async function noteExported(ctx: ServiceContext, batchId: string) {
  await ctx.db
    .update(payoutBatches)
    .set({ exportedAt: sql`coalesce(${payoutBatches.exportedAt}, ${ctx.clock.now().toISOString()})` })
    .where(eq(payoutBatches.id, batchId))
}
