import type { PayoutBatch, PayoutTransferResult } from '@ambassador/contracts/http'
import { conflict } from '@ambassador/kit/errors/errors'
import type { ServiceContext } from '@ambassador/kit/service'
import { eq } from 'drizzle-orm'
import { payoutBatches } from '../schema.ts'
import { batchOf, markPaid, namedPayouts, unpaidBatch } from './batches.ts'
import type { PayoutTransfers } from './transfers.ts'

/**
 * Pays a Stripe Connect batch: a transfer per payout still approved, each marked paid with the transfer's id as soon
 * as it went out. A refused transfer leaves its payout approved (to retry, or to return) and is reported; running the
 * batch again sends only what is not paid, and the provider's idempotency key makes a repeated transfer the same one.
 */
export async function payBatchByTransfers(
  ctx: ServiceContext,
  transfers: PayoutTransfers | undefined,
  batchId: string,
): Promise<PayoutTransferResult> {
  const batch = await unpaidBatch(ctx, batchId)
  if (batch.method !== 'stripe_connect') {
    throw conflict('Only a Stripe Connect batch is paid by transfers; export this one as CSV', 'not_a_transfer_batch')
  }
  if (!transfers) {
    throw conflict('Stripe is not configured (STRIPE_SECRET_KEY): transfers cannot be sent', 'transfers_unavailable')
  }
  const failures: PayoutTransferResult['failures'] = []
  for (const { payout } of await namedPayouts(ctx.db, batchId)) {
    if (payout.status !== 'approved') continue
    const destination = payout.destination.stripe_account_id
    if (!destination) {
      failures.push({ payout_id: payout.id, message: 'The payout names no connected Stripe account' })
      continue
    }
    try {
      const { reference } = await transfers.transfer({
        payoutId: payout.id,
        amountMinor: payout.amountMinor,
        currency: payout.currency,
        destination,
      })
      await markPaid(ctx, payout.id, reference)
    } catch (error) {
      ctx.log.warn({ err: error, payoutId: payout.id }, 'payout transfer refused')
      failures.push({ payout_id: payout.id, message: error instanceof Error ? error.message : String(error) })
    }
  }
  if (failures.length === 0) {
    await ctx.db
      .update(payoutBatches)
      .set({ paidAt: ctx.clock.now().toISOString() })
      .where(eq(payoutBatches.id, batchId))
  }
  const result: PayoutBatch = await batchOf(ctx, batchId)
  return { batch: result, failures }
}
