import type { Wallet, WalletEntry } from '@ambassador/contracts/http'
import { formatCents, toCents } from './checkout/order.ts'
import { formatMoment } from './dates.ts'
import './store-credit.css'

const KIND_WORDS: Record<WalletEntry['kind'], string> = {
  deposit: 'Credit from the store',
  debit: 'Taken by the store',
  commission: 'Commission moved in',
  spend: 'Spent on an order',
  release: 'Given back: the order was not paid',
  refund: 'Refunded to store credit',
  top_up: 'Topped up',
}

/** A wallet's balance and its newest movements, each with why. */
export function StoreCreditHistory({ wallet }: { wallet: Wallet }) {
  const money = (amount: number) => formatCents(toCents(amount), wallet.currency)
  return (
    <>
      <p className="store-credit-balance">
        Store credit: <strong>{money(wallet.balance)}</strong>
      </p>
      {wallet.entries.length > 0 && (
        <ul className="plain-list store-credit-entries">
          {wallet.entries.map((entry) => (
            <li key={entry.id}>
              <span>
                {KIND_WORDS[entry.kind]}
                {entry.reason && entry.kind !== 'commission' ? `: ${entry.reason}` : ''}
              </span>
              <span className="muted">
                <time dateTime={entry.occurred_at}>{formatMoment(entry.occurred_at)}</time> ·{' '}
                {entry.amount > 0 ? '+' : '−'}
                {money(Math.abs(entry.amount))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
