import type { Payout, PayoutBatch } from '@ambassador/contracts/http'
import { toMajor } from '@ambassador/kit/money/money'
import type { payoutBatches, payouts } from '../schema.ts'
import { describeDestination } from './details.ts'

type PayoutRow = typeof payouts.$inferSelect
type BatchRow = typeof payoutBatches.$inferSelect

const iso = (at: string | null) => (at === null ? null : new Date(at).toISOString())

/** A payout as the API shows it, with the ambassador's name. */
export function payoutView(row: PayoutRow, ambassadorName: string): Payout {
  return {
    id: row.id,
    ambassador_id: row.ambassadorId,
    ambassador_name: ambassadorName,
    amount: toMajor(row.amountMinor),
    currency: row.currency,
    method: row.method,
    destination: describeDestination(row.destination),
    status: row.status,
    batch_id: row.batchId,
    reference: row.reference,
    reason: row.reason,
    requested_at: new Date(row.requestedAt).toISOString(),
    approved_at: iso(row.approvedAt),
    paid_at: iso(row.paidAt),
    returned_at: iso(row.returnedAt),
  }
}

export type NamedPayout = { payout: PayoutRow; name: string }

/** A payout joined with its ambassador's names (null when the users read model does not know them yet). */
export function named(row: { payout: PayoutRow; first: string | null; last: string | null }): NamedPayout {
  return { payout: row.payout, name: row.first === null ? '' : `${row.first} ${row.last}` }
}

/** A batch with its payouts; the total and count leave out payouts returned after approval. */
export function batchView(batch: BatchRow, lines: NamedPayout[]): PayoutBatch {
  const going = lines.filter((line) => line.payout.status !== 'returned')
  const totalMinor = going.reduce((sum, line) => sum + line.payout.amountMinor, 0)
  return {
    id: batch.id,
    method: batch.method,
    currency: batch.currency,
    total: toMajor(totalMinor),
    count: going.length,
    status: batch.paidAt === null ? 'approved' : 'paid',
    created_at: new Date(batch.createdAt).toISOString(),
    exported_at: iso(batch.exportedAt),
    paid_at: iso(batch.paidAt),
    payouts: lines.map((line) => payoutView(line.payout, line.name)),
  }
}
