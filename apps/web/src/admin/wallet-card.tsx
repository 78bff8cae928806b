import type { Wallet, WalletEntry } from '@ambassador/contracts/http'
import { useState } from 'react'
import { api } from '../api.ts'
import { FormError, useSubmit } from '../forms.tsx'
import { LoadError } from '../shell.tsx'
import { StoreCreditHistory } from '../store-credit.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'

/** A user's store credit, and the admin's credit or debit of it with a reason the user is mailed. */
export function WalletCard({ userId, name }: { userId: string; name: string }) {
  const path = `/api/admin/users/${encodeURIComponent(userId)}/wallet`
  const { loaded, reload } = useApi<Wallet>(path)
  return (
    <section className="card" aria-labelledby="wallet-title">
      <h2 id="wallet-title">Store credit</h2>
      {loaded.state === 'loading' ? (
        <div className="skeleton" style={{ height: '4rem' }} aria-busy="true" />
      ) : loaded.state === 'failed' ? (
        loaded.error.status === 404 ? (
          <p className="muted">No wallet yet: this account has not reached checkout.</p>
        ) : (
          <LoadError message="We could not load the store credit." retry={reload} />
        )
      ) : (
        <>
          <StoreCreditHistory wallet={loaded.data} />
          <CreditForm path={`${path}/deposits`} name={name} onDone={reload} />
        </>
      )}
    </section>
  )
}

function CreditForm({ path, name, onDone }: { path: string; name: string; onDone(): void }) {
  const notify = useToast()
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    const value = Number(amount.trim())
    if (!amount.trim() || !Number.isFinite(value) || value === 0) {
      throw new Error('Give an amount other than 0, such as 10.00 to credit or -10.00 to debit.')
    }
    const words = value > 0 ? `Give ${name} ${value.toFixed(2)}` : `Take ${(-value).toFixed(2)} from ${name}`
    if (!window.confirm(`${words} of store credit for “${reason.trim()}”? They are told by email.`)) return
    await api<WalletEntry>('POST', path, { amount: value, reason })
    setAmount('')
    setReason('')
    notify('Store credit changed')
    onDone()
  })
  return (
    <form className="fields-stack" onSubmit={submit} aria-labelledby="credit-title">
      <h3 id="credit-title">Credit or debit</h3>
      <div className="field">
        <label htmlFor="credit-amount">Store credit amount</label>
        <input
          id="credit-amount"
          inputMode="decimal"
          required
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder="10.00 or -10.00"
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor="credit-reason">Why</label>
        <input
          id="credit-reason"
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
        {sending ? 'Saving…' : 'Change store credit'}
      </button>
    </form>
  )
}
