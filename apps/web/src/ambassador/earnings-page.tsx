import type { LedgerBalances, LedgerEntryPage } from '@ambassador/contracts/http'
import { useState } from 'react'
import { Link } from 'wouter'
import { formatMoment } from '../dates.ts'
import { LedgerBalanceCards } from '../ledger-balances.tsx'
import { Pager } from '../pager.tsx'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { CommissionExplain } from './commission-explain.tsx'
import './earnings-page.css'
import { entryAmount, entryKindInWords, entryOrder, entryRate } from './ledger-words.ts'
import { PayoutsPanel } from './payouts-panel.tsx'

const PER_PAGE = 20

/** My commission: what is pending, approved and paid, and every entry that moved it, newest first. */
export function EarningsPage() {
  const [page, setPage] = useState(1)
  const balances = useApi<LedgerBalances>('/api/ambassador/ledger')
  const entries = useApi<LedgerEntryPage>(`/api/ambassador/ledger/entries?page=${page}&per_page=${PER_PAGE}`)
  if (balances.loaded.state === 'loading' || entries.loaded.state === 'loading')
    return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (balances.loaded.state === 'failed' || entries.loaded.state === 'failed') {
    const retry = () => {
      balances.reload()
      entries.reload()
    }
    return <LoadError message="We could not load your earnings." retry={retry} />
  }
  return (
    <section aria-labelledby="earnings-title">
      <h1 id="earnings-title">Earnings</h1>
      <LedgerBalanceCards balances={balances.loaded.data} />
      <p className="muted">
        Pending commission is waiting out the return window: the order can still be returned. Once the window has passed
        it is approved. Available is what could be paid out to you now; in payout is on its way to you.
      </p>
      <PayoutsPanel
        balances={balances.loaded.data}
        onChange={() => {
          balances.reload()
          entries.reload()
        }}
      />
      <h2>History</h2>
      {entries.loaded.data.total === 0 ? (
        <p className="card muted">
          Nothing earned yet. When someone buys through one of <Link href="/links">your links</Link>, the commission
          appears here.
        </p>
      ) : (
        <>
          <div className="card table-wrap">
            <table className="stack-table earnings-table">
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">Date</th>
                  <th scope="col">Order</th>
                  <th scope="col">Rate</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.loaded.data.data.map((entry) => (
                  <tr key={entry.id}>
                    <td>{entryKindInWords(entry)}</td>
                    <td data-label="Date">
                      <time dateTime={entry.occurred_at}>{formatMoment(entry.occurred_at)}</time>
                    </td>
                    <td data-label="Order">{entryOrder(entry)}</td>
                    <td data-label="Rate">
                      {entryRate(entry)}
                      {entry.kind === 'accrual' && entry.order_item_id && (
                        <CommissionExplain orderItemId={entry.order_item_id} />
                      )}
                    </td>
                    <td data-label="Amount" className="num amount">
                      {entryAmount(entry)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={entries.loaded.data.page} lastPage={entries.loaded.data.last_page} onPage={setPage} />
        </>
      )}
    </section>
  )
}
