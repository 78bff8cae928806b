import type {
  LedgerBalances,
  Payout,
  PayoutDetails,
  PayoutDetailsAnswer,
  PayoutPage,
  Wallet,
} from '@ambassador/contracts/http'
import { useState } from 'react'
import { api } from '../api.ts'
import { formatCents, toCents } from '../checkout/order.ts'
import { formatMoment } from '../dates.ts'
import { FormError, useSubmit } from '../forms.tsx'
import { METHOD_NAMES, payoutDestination, payoutStatusInWords } from '../payout-words.ts'
import { LoadError } from '../shell.tsx'
import { StoreCreditHistory } from '../store-credit.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import './payouts-panel.css'

/** Where my payouts go, a payout request for what is available, and the payouts so far. */
export function PayoutsPanel({ balances, onChange }: { balances: LedgerBalances; onChange(): void }) {
  const details = useApi<PayoutDetailsAnswer>('/api/ambassador/payout-details')
  const payouts = useApi<PayoutPage>('/api/ambassador/payouts?per_page=50')
  const wallet = useApi<Wallet>('/api/ambassador/wallet')
  const [editing, setEditing] = useState(false)
  const changed = () => {
    payouts.reload()
    wallet.reload()
    onChange()
  }
  return (
    <section className="card payouts-panel" aria-labelledby="payouts-title">
      <h2 id="payouts-title">Payouts</h2>
      {details.loaded.state === 'loading' ? (
        <div className="skeleton" style={{ height: '4rem' }} aria-busy="true" />
      ) : details.loaded.state === 'failed' ? (
        <LoadError message="We could not load your payout details." retry={details.reload} />
      ) : details.loaded.data.details === null || editing ? (
        <DetailsForm
          saved={details.loaded.data.details}
          onSaved={() => {
            setEditing(false)
            details.reload()
          }}
          onCancel={details.loaded.data.details === null ? undefined : () => setEditing(false)}
        />
      ) : (
        <>
          <p className="payout-destination">
            Payouts go to <strong>{payoutDestination(destinationOf(details.loaded.data.details))}</strong>{' '}
            <button type="button" className="button secondary small-button" onClick={() => setEditing(true)}>
              Change
            </button>
          </p>
          <RequestForm balances={balances} onRequested={changed} />
        </>
      )}
      <PayoutList payouts={payouts} />
      <StoreCredit wallet={wallet} />
    </section>
  )
}

function destinationOf(details: PayoutDetails) {
  return { method: details.method, destination: details.email ?? details.stripe_account_id ?? 'store credit' }
}

function DetailsForm(props: { saved: PayoutDetails | null; onSaved(): void; onCancel: (() => void) | undefined }) {
  const notify = useToast()
  const [method, setMethod] = useState<PayoutDetails['method']>(props.saved?.method ?? 'paypal')
  const [email, setEmail] = useState(props.saved?.email ?? '')
  const [holder, setHolder] = useState(props.saved?.account_holder ?? '')
  const [account, setAccount] = useState(props.saved?.stripe_account_id ?? '')
  const { sending, error, submit } = useSubmit(async () => {
    const body: PayoutDetails =
      method === 'store_credit'
        ? { method }
        : method === 'stripe_connect'
          ? { method, stripe_account_id: account.trim() }
          : method === 'wise'
            ? { method, email: email.trim(), account_holder: holder.trim() }
            : { method, email: email.trim() }
    await api<PayoutDetails>('PUT', '/api/ambassador/payout-details', body)
    notify('Payout details saved')
    props.onSaved()
  })
  return (
    <form className="fields-stack" onSubmit={submit} aria-labelledby="payout-details-title">
      <h3 id="payout-details-title">Where should we send your money?</h3>
      <fieldset className="payout-methods">
        <legend>Payout method</legend>
        {(Object.keys(METHOD_NAMES) as PayoutDetails['method'][]).map((option) => (
          <label key={option} className="payout-method">
            <input
              type="radio"
              name="payout-method"
              value={option}
              checked={method === option}
              onChange={() => setMethod(option)}
            />
            <span>{METHOD_NAMES[option]}</span>
          </label>
        ))}
      </fieldset>
      {method === 'store_credit' ? (
        <p className="muted">Paid at once into your store credit, to spend in the shop.</p>
      ) : method === 'stripe_connect' ? (
        <div className="field">
          <label htmlFor="payout-account">Stripe account id</label>
          <input
            id="payout-account"
            required
            pattern="acct_[A-Za-z0-9]+"
            placeholder="acct_…"
            value={account}
            onChange={(e) => setAccount(e.target.value)}
            autoComplete="off"
          />
        </div>
      ) : (
        <div className="field">
          <label htmlFor="payout-email">{METHOD_NAMES[method]} account email</label>
          <input
            id="payout-email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
          />
        </div>
      )}
      {method === 'wise' && (
        <div className="field">
          <label htmlFor="payout-holder">Name on the account</label>
          <input
            id="payout-holder"
            required
            maxLength={140}
            value={holder}
            onChange={(e) => setHolder(e.target.value)}
            autoComplete="name"
          />
        </div>
      )}
      <FormError message={error} />
      <div className="payout-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Saving…' : 'Save payout details'}
        </button>
        {props.onCancel && (
          <button type="button" className="button secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  )
}

function RequestForm({ balances, onRequested }: { balances: LedgerBalances; onRequested(): void }) {
  const notify = useToast()
  const money = (amount: number) => formatCents(toCents(amount), balances.currency)
  const [amount, setAmount] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    const text = amount.trim()
    const value = text === '' ? undefined : Number(text)
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
      throw new Error('Give an amount such as 50.00, or leave it empty to request everything available.')
    }
    const payout = await api<Payout>('POST', '/api/ambassador/payouts', value === undefined ? {} : { amount: value })
    setAmount('')
    notify(`Payout of ${money(payout.amount)} requested`)
    onRequested()
  })
  if (balances.available < balances.payout_minimum) {
    return (
      <p className="muted">
        You can request a payout once {money(balances.payout_minimum)} is available; {money(balances.available)} is
        available now.
      </p>
    )
  }
  return (
    <form className="payout-request" onSubmit={submit} aria-labelledby="payout-request-title">
      <h3 id="payout-request-title">Request a payout</h3>
      <div className="field">
        <label htmlFor="payout-amount">Amount</label>
        <input
          id="payout-amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder={balances.available.toFixed(2)}
          aria-describedby="payout-amount-hint"
          autoComplete="off"
        />
        <p id="payout-amount-hint" className="muted small-left">
          {money(balances.available)} available; at least {money(balances.payout_minimum)}. Leave it empty to request
          everything available.
        </p>
      </div>
      <FormError message={error} />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Requesting…' : 'Request payout'}
      </button>
    </form>
  )
}

/** The ambassador's store credit, once they have or had some. */
function StoreCredit({ wallet }: { wallet: ReturnType<typeof useApi<Wallet>> }) {
  if (wallet.loaded.state !== 'ready') return null
  if (wallet.loaded.data.balance === 0 && wallet.loaded.data.entries.length === 0) return null
  return (
    <div className="store-credit">
      <h3>Store credit</h3>
      <StoreCreditHistory wallet={wallet.loaded.data} />
    </div>
  )
}

function PayoutList({ payouts }: { payouts: ReturnType<typeof useApi<PayoutPage>> }) {
  if (payouts.loaded.state === 'loading') return null
  if (payouts.loaded.state === 'failed') {
    return <LoadError message="We could not load your payouts." retry={payouts.reload} />
  }
  const list = payouts.loaded.data.data
  if (list.length === 0) return <p className="muted">No payouts yet.</p>
  return (
    <div className="table-wrap">
      <table className="stack-table payouts-table">
        <thead>
          <tr>
            <th scope="col">Requested</th>
            <th scope="col">To</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((payout) => (
            <tr key={payout.id}>
              <td>
                <time dateTime={payout.requested_at}>{formatMoment(payout.requested_at)}</time>
              </td>
              <td data-label="To">{payoutDestination(payout)}</td>
              <td data-label="Status" className={`payout-status ${payout.status}`}>
                {payoutStatusInWords(payout)}
              </td>
              <td data-label="Amount" className="num amount">
                {formatCents(toCents(payout.amount), payout.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
