import type { Payout, PayoutMethod } from '@ambassador/contracts/http'
import { formatMoment } from './dates.ts'

export const METHOD_NAMES: Record<PayoutMethod, string> = {
  paypal: 'PayPal',
  wise: 'Wise',
  stripe_connect: 'Stripe',
  store_credit: 'Store credit',
}

/** Where a payout goes, in words: "PayPal (ada@example.com)". */
export function payoutDestination(payout: Pick<Payout, 'method' | 'destination'>): string {
  return payout.method === 'store_credit' ? 'Store credit' : `${METHOD_NAMES[payout.method]} (${payout.destination})`
}

/** A payout's state in words, with when it got there and, once returned, why. */
export function payoutStatusInWords(payout: Payout, now = new Date()): string {
  switch (payout.status) {
    case 'requested':
      return 'Requested — waiting for approval'
    case 'approved':
      return 'Approved — being sent'
    case 'paid':
      return payout.paid_at ? `Paid ${formatMoment(payout.paid_at, now)}` : 'Paid'
    case 'returned':
      return `Returned to your balance: ${payout.reason ?? 'no reason given'}`
  }
}
