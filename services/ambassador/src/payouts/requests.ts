import type { Payout, PayoutRequestBody } from '@ambassador/contracts/http'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { derivedId, isUuid, newId } from '@ambassador/kit/ids/ids'
import { formatMoney, parsePriceToMinor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, eq, sql } from 'drizzle-orm'
import { ledgerEntries, payoutDetails, payouts, users } from '../schema.ts'
import { payApproved } from './batches.ts'
import { announcePayout } from './events.ts'
import { payoutView } from './views.ts'

const MAX_KEY_LENGTH = 200
/** The largest single payout: 1,000,000.00. */
const MAX_PAYOUT_MINOR = 100_000_000

export type RequestedPayout = { payout: Payout; created: boolean }

/**
 * An ambassador asks to be paid `amount` (all that is available when left out) to the destination they saved. The
 * amount leaves approved for processing in one ledger entry, in the transaction that records the payout and
 * announces payout.requested. Requests of one ambassador are serialised by a transaction lock, so what they take
 * together never passes the approved balance, however many arrive at once. The same Idempotency-Key again answers
 * the first payout.
 */
export async function requestPayout(
  ctx: ServiceContext,
  ambassadorId: string,
  body: PayoutRequestBody,
  idempotencyKey: string | undefined,
): Promise<RequestedPayout> {
  const key = idempotencyKey?.trim()
  if (key !== undefined && (key.length === 0 || key.length > MAX_KEY_LENGTH)) {
    throw badRequest(`Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`, 'invalid_idempotency_key')
  }
  const asked = body.amount === undefined ? undefined : amountMinor(body.amount)
  const [details] = await ctx.db.select().from(payoutDetails).where(eq(payoutDetails.ambassadorId, ambassadorId))
  if (!details) {
    throw conflict('Say where to send your payouts first (payout details)', 'payout_details_missing')
  }
  const currency = ctx.config.currency
  const now = ctx.clock.now().toISOString()
  const id = key ? derivedId(`payout:${ambassadorId}:${key}`) : newId()

  const result = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`payout:${ambassadorId}`}, 0))`)
    if (key) {
      const [first] = await tx.select().from(payouts).where(eq(payouts.id, id))
      if (first) {
        if (asked !== undefined && asked !== first.amountMinor) {
          throw conflict(
            'This Idempotency-Key was already used for a payout of another amount',
            'idempotency_key_reused',
          )
        }
        return { row: first, created: false }
      }
    }
    const [balance] = await tx
      .select({ approved: sql<number>`coalesce(sum(${ledgerEntries.approvedMinor}), 0)`.mapWith(Number) })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.ambassadorId, ambassadorId), eq(ledgerEntries.currency, currency)))
    const available = Math.max(0, balance?.approved ?? 0)
    const amount = asked ?? available
    const minimum = ctx.config.payoutMinimumMinor
    if (amount > available) {
      throw conflict(
        `You can request at most ${formatMoney(available, currency)}, what is approved and not yet paid out`,
        'insufficient_balance',
      )
    }
    if (amount < minimum) {
      throw badRequest(
        `A payout must be at least ${formatMoney(minimum, currency)}; ${formatMoney(available, currency)} is available`,
        'below_payout_minimum',
      )
    }
    const [row] = await tx
      .insert(payouts)
      .values({
        id,
        ambassadorId,
        currency,
        amountMinor: amount,
        method: details.method,
        destination: {
          ...(details.email !== null && { email: details.email }),
          ...(details.accountHolder !== null && { account_holder: details.accountHolder }),
          ...(details.stripeAccountId !== null && { stripe_account_id: details.stripeAccountId }),
        },
        status: 'requested',
        idempotencyKey: key ?? null,
        requestedAt: now,
      })
      .returning()
    if (!row) throw new Error('payout insert returned nothing')
    await tx.insert(ledgerEntries).values({
      id: newId(),
      ambassadorId,
      currency,
      kind: 'payout',
      approvedMinor: -amount,
      processingMinor: amount,
      payoutId: row.id,
      rule: 'payout_requested',
      sourceEventId: `payout:${row.id}:requested`,
      occurredAt: now,
      createdAt: now,
    })
    await announcePayout(ctx, tx, 'payout.requested', row, now)
    if (row.method !== 'store_credit') return { row, created: true }
    // Store credit stays in the store: nothing to send, so it is approved and paid at once, into the wallet checkout
    // keeps (it credits the wallet on payout.paid).
    await tx.update(payouts).set({ status: 'approved', approvedAt: now }).where(eq(payouts.id, row.id))
    const paid = await payApproved(ctx, tx, row.id, null)
    return { row: paid ?? row, created: true }
  })
  return { payout: payoutView(result.row, await nameOf(ctx, ambassadorId)), created: result.created }
}

/**
 * An admin sends a payout that was not paid back to the ambassador's approved balance (wrong details, a refused
 * transfer), with a reason the ambassador sees. Once paid or returned, a payout cannot be returned.
 */
export async function returnPayout(ctx: ServiceContext, payoutId: string, reason: string): Promise<Payout> {
  const why = reason.trim()
  if (why.length < 3) throw badRequest('reason must say why, in 3 to 500 characters', 'invalid_reason')
  if (!isUuid(payoutId)) throw notFound('No payout with this id', 'payout_not_found')
  const now = ctx.clock.now().toISOString()
  const row = await ctx.db.transaction(async (tx) => {
    const [payout] = await tx.select().from(payouts).where(eq(payouts.id, payoutId)).for('update')
    if (!payout) throw notFound('No payout with this id', 'payout_not_found')
    if (payout.status === 'paid' || payout.status === 'returned') {
      throw conflict(`This payout is already ${payout.status}`, 'payout_not_returnable')
    }
    const [returned] = await tx
      .update(payouts)
      .set({ status: 'returned', reason: why, returnedAt: now })
      .where(eq(payouts.id, payoutId))
      .returning()
    if (!returned) throw new Error('payout update returned nothing')
    await tx.insert(ledgerEntries).values({
      id: newId(),
      ambassadorId: returned.ambassadorId,
      currency: returned.currency,
      kind: 'payout',
      approvedMinor: returned.amountMinor,
      processingMinor: -returned.amountMinor,
      payoutId: returned.id,
      rule: 'payout_returned',
      reason: why,
      sourceEventId: `payout:${returned.id}:returned`,
      occurredAt: now,
      createdAt: now,
    })
    await announcePayout(ctx, tx, 'payout.returned', returned, now)
    return returned
  })
  return payoutView(row, await nameOf(ctx, row.ambassadorId))
}

/** The amount in minor units: positive, at most 2 decimals (the kit's parser). */
function amountMinor(amount: number): number {
  let minor: number
  try {
    minor = parsePriceToMinor(amount, 'amount', MAX_PAYOUT_MINOR)
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : 'amount is not valid', 'invalid_amount')
  }
  if (minor <= 0) throw badRequest('amount must be more than 0', 'invalid_amount')
  return minor
}

/** The ambassador's name as the users read model has it. */
export async function nameOf(ctx: ServiceContext, ambassadorId: string): Promise<string> {
  const [user] = await ctx.db
    .select({ first: users.firstName, last: users.lastName })
    .from(users)
    .where(eq(users.id, ambassadorId))
  return user ? `${user.first} ${user.last}` : ''
}
