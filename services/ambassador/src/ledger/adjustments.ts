import type { LedgerAdjustmentBody, LedgerEntry } from '@ambassador/contracts/http'
import { badRequest, conflict } from '@ambassador/kit/errors/errors'
import { derivedId, newId } from '@ambassador/kit/ids/ids'
import { parsePriceToMinor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, eq } from 'drizzle-orm'
import { ledgerEntries } from '../schema.ts'
import { entryView } from './balances.ts'

/** The largest adjustment either way: 100,000.00. */
const MAX_ADJUSTMENT_MINOR = 10_000_000
const MAX_KEY_LENGTH = 200

export type Adjustment = { entry: LedgerEntry; created: boolean }

/**
 * A manual adjustment: an entry moving the ambassador's approved balance by `amount` (a debit may take it below
 * zero, as reversals do), with the admin's reason. The admin is recorded in the entry's `source_event_id`
 * (`adjustment:<entry id>:by:<admin id>`). With an idempotency key the entry's id is derived from the ambassador and
 * the key, so the same key again answers the first entry instead of adding another.
 */
export async function adjustBalance(
  ctx: ServiceContext,
  ambassadorId: string,
  adminId: string,
  body: LedgerAdjustmentBody,
  idempotencyKey: string | undefined,
): Promise<Adjustment> {
  const amountMinor = adjustmentMinor(body.amount)
  const reason = body.reason.trim()
  if (reason.length < 3) throw badRequest('reason must say why, in 3 to 500 characters', 'invalid_reason')
  const key = idempotencyKey?.trim()
  if (key !== undefined && (key.length === 0 || key.length > MAX_KEY_LENGTH)) {
    throw badRequest(`Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`, 'invalid_idempotency_key')
  }
  const id = key ? derivedId(`adjustment:${ambassadorId}:${key}`) : newId()
  const now = ctx.clock.now().toISOString()
  const [inserted] = await ctx.db
    .insert(ledgerEntries)
    .values({
      id,
      ambassadorId,
      currency: ctx.config.currency,
      orderId: null,
      orderItemId: null,
      kind: 'adjustment',
      approvedMinor: amountMinor,
      rule: 'manual',
      reason,
      sourceEventId: `adjustment:${id}:by:${adminId}`,
      occurredAt: now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning()
  if (inserted) return { entry: entryView(inserted), created: true }

  const [first] = await ctx.db
    .select()
    .from(ledgerEntries)
    .where(
      and(eq(ledgerEntries.id, id), eq(ledgerEntries.ambassadorId, ambassadorId), eq(ledgerEntries.kind, 'adjustment')),
    )
  if (!first) throw conflict('This Idempotency-Key was already used for something else', 'idempotency_key_reused')
  if (first.approvedMinor !== amountMinor || first.reason !== reason) {
    throw conflict(
      'This Idempotency-Key was already used for an adjustment with another amount or reason',
      'idempotency_key_reused',
    )
  }
  return { entry: entryView(first), created: false }
}

/** The amount in signed minor units: not 0, at most 2 decimals, at most 100,000.00 either way (the kit's parser). */
function adjustmentMinor(amount: number): number {
  let minor: number
  try {
    minor = parsePriceToMinor(Math.abs(amount), 'amount', MAX_ADJUSTMENT_MINOR)
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : 'amount is not valid', 'invalid_amount')
  }
  if (minor === 0) {
    throw badRequest('amount must not be 0: a credit such as 5.00 or a debit such as -5.00', 'invalid_amount')
  }
  return amount < 0 ? -minor : minor
}
