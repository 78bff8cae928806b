import type { LedgerBalances, LedgerEntry } from '@ambassador/contracts/http'
import { useState } from 'react'
import { api } from '../api.ts'
import { FormError, useSubmit } from '../forms.tsx'
import { LedgerBalanceCards } from '../ledger-balances.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'

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
          <AdjustForm path={`${path}/adjustments`} name={name} onAdjusted={reload} />
        </>
      )}
    </section>
  )
}

function AdjustForm({ path, name, onAdjusted }: { path: string; name: string; onAdjusted(): void }) {
  const notify = useToast()
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    const value = Number(amount.trim())
    if (!amount.trim() || !Number.isFinite(value) || value === 0) {
      throw new Error('Give an amount other than 0, such as 5.00 to credit or -5.00 to debit.')
    }
    const words = value > 0 ? `Credit ${name} ${value.toFixed(2)}` : `Debit ${name} ${(-value).toFixed(2)}`
    if (!window.confirm(`${words} for “${reason.trim()}”? The ambassador sees the reason.`)) return
    await api<LedgerEntry>('POST', path, { amount: value, reason })
    setAmount('')
    setReason('')
    notify('Balance adjusted')
    onAdjusted()
  })
  return (
    <form className="fields-stack" onSubmit={submit} aria-labelledby="adjust-title">
      <h3 id="adjust-title">Adjust balance</h3>
      <p className="muted">Moves the approved balance: a positive amount credits it, a negative one debits it.</p>
      <div className="field">
        <label htmlFor="adjust-amount">Amount</label>
        <input
          id="adjust-amount"
          inputMode="decimal"
          required
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder="5.00 or -5.00"
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor="adjust-reason">Reason</label>
        <input
          id="adjust-reason"
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoComplete="off"
        />
      </div>
      <FormError message={error} />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Adjusting…' : 'Adjust balance'}
      </button>
    </form>
  )
}
