import type { Wallet } from '@ambassador/contracts/http'
import { Link } from 'wouter'
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

/** The shopper's store credit, when they have or had some. */
function StoreCredit() {
  const { loaded } = useApi<Wallet>('/api/store/wallet')
  if (loaded.state !== 'ready' || (loaded.data.balance === 0 && loaded.data.entries.length === 0)) return null
  return (
    <section className="card" aria-labelledby="credit-title">
      <h2 id="credit-title">Store credit</h2>
      <StoreCreditHistory wallet={loaded.data} />
    </section>
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
