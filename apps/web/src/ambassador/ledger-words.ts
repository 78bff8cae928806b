import type { LedgerEntry } from '@ambassador/contracts/http'
import { orderNumberOf } from '@ambassador/contracts/order-number'
import { formatCents, toCents } from '../checkout/order.ts'

/** What an entry did, in the ambassador's words. */
export function entryKindInWords(entry: LedgerEntry): string {
  switch (entry.kind) {
    case 'accrual':
      return 'Earned — pending'
    case 'approval':
      return 'Approved'
    case 'reversal':
      return 'Refund taken back'
    case 'adjustment':
      return entry.reason ? `Adjustment: ${entry.reason}` : 'Adjustment'
    case 'payout':
      return entry.rule === 'payout_returned'
        ? `Payout returned: ${entry.reason ?? 'no reason given'}`
        : entry.rule === 'payout_paid'
          ? 'Payout sent'
          : 'Payout requested'
  }
}

/**
 * The amount an entry is about: an approval's is what it approved; a payout request takes from what is available (−),
 * a returned payout gives it back (+), a sent one shows what was paid; the others sign what they add or take.
 */
export function entryAmount(entry: LedgerEntry): string {
  const paidOut = entry.kind === 'payout' && entry.rule === 'payout_paid'
  const cents =
    entry.kind === 'approval' || entry.kind === 'payout'
      ? toCents(paidOut ? entry.paid : entry.approved)
      : toCents(entry.pending) + toCents(entry.approved) + toCents(entry.paid)
  const sign = paidOut ? '' : cents > 0 ? '+' : cents < 0 ? '−' : ''
  return `${sign}${formatCents(Math.abs(cents), entry.currency)}`
}

/** "10%", "12.5%", or a dash when the entry has no rate (an adjustment). */
export function entryRate(entry: LedgerEntry): string {
  return entry.rate_basis_points === null ? '—' : `${entry.rate_basis_points / 100}%`
}

export function entryOrder(entry: LedgerEntry): string {
  return entry.order_id === null ? '—' : orderNumberOf(entry.order_id)
}
