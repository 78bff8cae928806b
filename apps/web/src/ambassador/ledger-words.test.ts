import type { LedgerEntry } from '@ambassador/contracts/http'
import { describe, expect, it } from 'vitest'
import { entryAmount, entryKindInWords, entryOrder, entryRate } from './ledger-words.ts'

const accrual: LedgerEntry = {
  id: '0190a000-0000-7000-8000-000000000001',
  kind: 'accrual',
  currency: 'USD',
  pending: 3,
  approved: 0,
  processing: 0,
  paid: 0,
  order_id: '0190a000-0000-7000-8000-00000abcdef1',
  order_item_id: '0190a000-0000-7000-8000-000000000002',
  rate_basis_points: 1250,
  reason: null,
  payout_id: null,
  rule: 'default',
  occurred_at: '2026-03-01T12:00:00.000Z',
}

describe('a ledger entry in words', () => {
  it('says what each kind of entry did, and the signed amount it is about', () => {
    expect([entryKindInWords(accrual), entryAmount(accrual)]).toEqual(['Earned — pending', '+$3.00'])
    const approval = { ...accrual, kind: 'approval' as const, pending: -3, approved: 3 }
    expect([entryKindInWords(approval), entryAmount(approval)]).toEqual(['Approved', '+$3.00'])
    const reversal = { ...accrual, kind: 'reversal' as const, pending: 0, approved: -1.25 }
    expect([entryKindInWords(reversal), entryAmount(reversal)]).toEqual(['Refund taken back', '−$1.25'])
    const adjustment = { ...accrual, kind: 'adjustment' as const, pending: 0, approved: -5, reason: 'Paid by hand' }
    expect([entryKindInWords(adjustment), entryAmount(adjustment)]).toEqual(['Adjustment: Paid by hand', '−$5.00'])
  })

  it('follows a payout: requested from what is available, sent, or returned with the reason', () => {
    const step = { ...accrual, kind: 'payout' as const, pending: 0, order_id: null, rate_basis_points: null }
    const requested = { ...step, approved: -20, processing: 20, rule: 'payout_requested' }
    expect([entryKindInWords(requested), entryAmount(requested)]).toEqual(['Payout requested', '−$20.00'])
    const sent = { ...step, processing: -20, paid: 20, rule: 'payout_paid', reason: 'PAYPAL-7' }
    expect([entryKindInWords(sent), entryAmount(sent)]).toEqual(['Payout sent', '$20.00'])
    const returned = { ...step, approved: 20, processing: -20, rule: 'payout_returned', reason: 'Wrong account' }
    expect([entryKindInWords(returned), entryAmount(returned)]).toEqual(['Payout returned: Wrong account', '+$20.00'])
  })

  it('shows the rate as a percentage and the order by its number, or a dash when there is none', () => {
    expect([entryRate(accrual), entryOrder(accrual)]).toEqual(['12.5%', '0ABCDEF1'])
    const adjustment = { ...accrual, kind: 'adjustment' as const, rate_basis_points: null, order_id: null }
    expect([entryRate(adjustment), entryOrder(adjustment)]).toEqual(['—', '—'])
  })
})
