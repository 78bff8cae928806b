import type { LedgerBalances } from '@ambassador/contracts/http'
import { formatCents, toCents } from './checkout/order.ts'
import './ledger-balances.css'
import { Kpis } from './shell.tsx'

/** The balances as cards: pending, approved, in payout, paid and available. */
export function LedgerBalanceCards({ balances }: { balances: LedgerBalances }) {
  const money = (amount: number) => formatCents(toCents(amount), balances.currency)
  return (
    <div className="ledger-kpis">
      <Kpis
        items={[
          ['Pending', money(balances.pending)],
          ['Approved', money(balances.approved)],
          ['In payout', money(balances.processing)],
          ['Paid', money(balances.paid)],
          ['Available', money(balances.available)],
        ]}
      />
    </div>
  )
}
