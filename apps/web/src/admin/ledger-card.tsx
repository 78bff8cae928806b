import type { LedgerBalances } from '@ambassador/contracts/http'
import { LedgerBalanceCards } from '../ledger-balances.tsx'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { SignedAmountForm } from './signed-amount-form.tsx'

/** An ambassador's commission balances, and a manual adjustment of what is approved, with a reason. */
export function LedgerCard({ ambassadorId, name }: { ambassadorId: string; name: string }) {
  const path = `/api/admin/ambassadors/${encodeURIComponent(ambassadorId)}/ledger`
  const { loaded, reload } = useApi<LedgerBalances>(path)
  return (
    <section className="card" aria-labelledby="ledger-title">
      <h2 id="ledger-title">Commission ledger</h2>
      {loaded.state === 'loading' ? (
        <div className="skeleton" style={{ height: '5rem' }} aria-busy="true" />
      ) : loaded.state === 'failed' ? (
        loaded.error.status === 404 ? (
          <p className="muted">No balances yet: this ambassador’s account has not reached the ledger.</p>
        ) : (
          <LoadError message="We could not load the balances." retry={reload} />
        )
      ) : (
        <>
          <LedgerBalanceCards balances={loaded.data} />
          <SignedAmountForm
            path={`${path}/adjustments`}
            idPrefix="adjust"
            title="Adjust balance"
            hint="Moves the approved balance: a positive amount credits it, a negative one debits it."
            amountLabel="Amount"
            reasonLabel="Reason"
            placeholder="5.00 or -5.00"
            button="Adjust balance"
            sendingButton="Adjusting…"
            confirmation={(value, reason) =>
              `${value > 0 ? `Credit ${name} ${value.toFixed(2)}` : `Debit ${name} ${(-value).toFixed(2)}`} for “${reason}”? The ambassador sees the reason.`
            }
            done="Balance adjusted"
            onDone={reload}
          />
        </>
      )}
    </section>
  )
}
