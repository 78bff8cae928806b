import type { TopUp, Wallet } from '@ambassador/contracts/http'
import { useEffect, useState } from 'react'
import { Link } from 'wouter'
import { api } from '../api.ts'
import { FormError, useSubmit } from '../forms.tsx'
import { STAGE_WORDS } from '../order-timeline.tsx'
import { LoadError } from '../shell.tsx'
import { formatPrice } from '../shop/cart.ts'
import { StoreCreditHistory } from '../store-credit.tsx'
import { useApi } from '../use-api.ts'
import type { OrderSummary, Shopper } from './index.tsx'
import { useSignOut } from './sign-out.ts'

/** The account's home: who is signed in, where to manage addresses and security, and every order placed. */
export function AccountPage({ shopper }: { shopper: Shopper }) {
  return (
    <main className="page narrow">
      <h1>Hello, {shopper.first_name}</h1>
      <p className="muted">Signed in as {shopper.email}</p>
      <nav className="account-nav" aria-label="Your account">
        <Link href="/addresses">Addresses</Link>
        <Link href="/security">Profile and security</Link>
        <SignOutButton />
      </nav>
      <StoreCredit />
      <Orders />
    </main>
  )
}

/** The shopper's store credit: the balance and its history, and a top-up paid through the payment page. */
function StoreCredit() {
  const { loaded, reload } = useApi<Wallet>('/api/store/wallet')
  const confirmed = useTopUpReturn(reload)
  if (loaded.state !== 'ready') return null
  return (
    <section className="card" aria-labelledby="credit-title">
      <h2 id="credit-title">Store credit</h2>
      {confirmed && (
        <p className="alert success" role="status">
          {confirmed}
        </p>
      )}
      <StoreCreditHistory wallet={loaded.data} />
      <TopUpForm currency={loaded.data.currency} />
    </section>
  )
}

/**
 * Back from the payment page (`?top_up=<session>`): asks checkout to settle the top-up with the provider, then
 * reloads the balance. Says what happened.
 */
function useTopUpReturn(reload: () => void): string | undefined {
  const [message, setMessage] = useState<string>()
  useEffect(() => {
    const source = new URLSearchParams(window.location.search).get('top_up')
    if (!source) return
    window.history.replaceState(null, '', window.location.pathname)
    api<TopUp>('POST', '/api/store/wallet/top-ups/confirm', { source }).then(
      (topUp) => {
        setMessage(
          topUp.status === 'paid'
            ? `${formatPrice(topUp.amount, topUp.currency)} of store credit added`
            : 'Your payment is not confirmed yet: the credit appears once it is.',
        )
        reload()
      },
      (error: unknown) => setMessage(error instanceof Error ? error.message : String(error)),
    )
  }, [reload])
  return message
}

function TopUpForm({ currency }: { currency: string }) {
  const [amount, setAmount] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    const value = Number(amount.trim())
    if (!amount.trim() || !Number.isFinite(value) || value <= 0) throw new Error('Give an amount such as 25.00.')
    const topUp = await api<TopUp>('POST', '/api/store/wallet/top-ups', { amount: value })
    if (topUp.url) window.location.assign(topUp.url)
  })
  return (
    <form className="top-up" onSubmit={submit} aria-labelledby="top-up-title">
      <h3 id="top-up-title">Add store credit</h3>
      <div className="field">
        <label htmlFor="top-up-amount">Amount ({currency})</label>
        <input
          id="top-up-amount"
          inputMode="decimal"
          required
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder="25.00"
          autoComplete="off"
        />
      </div>
      <FormError message={error} />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Taking you to payment…' : 'Pay and add credit'}
      </button>
    </form>
  )
}

function Orders() {
  const { loaded, reload } = useApi<OrderSummary[]>('/api/store/orders')
  return (
    <section className="card" aria-labelledby="orders-title">
      <h2 id="orders-title">Your orders</h2>
      {loaded.state === 'loading' && <div className="skeleton" style={{ height: '6rem' }} aria-busy="true" />}
      {loaded.state === 'failed' && <LoadError message={loaded.error.message} retry={reload} />}
      {loaded.state === 'ready' &&
        (loaded.data.length === 0 ? (
          <p>
            No orders yet. <Link href="~/shop">Find something in the shop</Link>
          </p>
        ) : (
          <ul className="plain-list order-list">
            {loaded.data.map((order) => (
              <li key={order.id}>
                <Link href={`/orders/${order.id}`}>Order #{order.number}</Link>
                <span>{STAGE_WORDS[order.stage]}</span>
                <span className="muted">
                  {new Date(order.placed_at).toLocaleDateString()} · {order.item_count}{' '}
                  {order.item_count === 1 ? 'item' : 'items'} · {formatPrice(order.total, order.currency)}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  )
}

function SignOutButton() {
  const { sending, signOut } = useSignOut()
  return (
    <button type="button" className="link-button" onClick={signOut} disabled={sending}>
      Sign out
    </button>
  )
}
