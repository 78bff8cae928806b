import { Link } from 'wouter'
import { formatCents, toCents } from '../checkout/order.ts'
import { ClickStatsPanel } from '../click-stats.tsx'
import { Kpis, LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import type { Ambassador } from './ambassadors-page.tsx'
import { OrdersTable } from './dashboard-page.tsx'
import { LedgerCard } from './ledger-card.tsx'
import type { Order } from './types.ts'
import { WalletCard } from './wallet-card.tsx'

type UserLink = { id: string; code: string; orders: Order[] }

/** One ambassador: who they are, each of their links and the orders each link brought. */
export function AmbassadorPage({ params }: { params: { id: string } }) {
  const ambassador = useApi<Ambassador>(`/api/admin/ambassadors/${encodeURIComponent(params.id)}`)
  const links = useApi<UserLink[]>(`/api/admin/users/${encodeURIComponent(params.id)}/links`)
  const back = <Link href="/ambassadors">← All ambassadors</Link>
  if (ambassador.loaded.state === 'loading' || links.loaded.state === 'loading')
    return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (links.loaded.state === 'failed' && links.loaded.error.status === 404)
    return (
      <section>
        {back}
        <p className="card muted">We know no ambassador with this address. They may have been removed.</p>
      </section>
    )
  // Links and accounts arrive on different streams: an ambassador known by their links alone has no name yet.
  const nameUnknown = ambassador.loaded.state === 'failed' && ambassador.loaded.error.status === 404
  if ((ambassador.loaded.state === 'failed' && !nameUnknown) || links.loaded.state === 'failed') {
    const retry = () => {
      ambassador.reload()
      links.reload()
    }
    return <LoadError message="We could not load this ambassador." retry={retry} />
  }
  const person = ambassador.loaded.state === 'ready' ? ambassador.loaded.data : undefined
  const rows = links.loaded.data
  const orders = rows.flatMap((l) => l.orders)
  const earned = orders.reduce((sum, o) => sum + toCents(o.ambassador_revenue ?? 0), 0)
  const sold = orders.reduce((sum, o) => sum + toCents(o.amount_paid ?? 0), 0)
  return (
    <section aria-labelledby="ambassador-title">
      {back}
      <h1 id="ambassador-title" className="page-title">
        {person ? `${person.first_name} ${person.last_name}` : 'Ambassador'}
      </h1>
      {person ? <p className="muted">{person.email}</p> : null}
      <Kpis
        items={[
          ['Orders', orders.length],
          ['Sold', formatCents(sold)],
          ['Commission', formatCents(earned)],
        ]}
      />
      <LedgerCard
        ambassadorId={params.id}
        name={person ? `${person.first_name} ${person.last_name}` : 'this ambassador'}
      />
      <WalletCard userId={params.id} name={person ? person.first_name : 'this ambassador'} />
      <section aria-labelledby="clicks-title">
        <h2 id="clicks-title">Clicks and conversion</h2>
        <ClickStatsPanel path={`/api/admin/ambassadors/${encodeURIComponent(params.id)}/clicks/stats`} />
      </section>
      {rows.length === 0 ? (
        <p className="card muted">No links yet. Links appear here when this ambassador creates them.</p>
      ) : (
        rows.map((link) => (
          <article key={link.id} className="link-orders" aria-label={`Link ${link.code}`}>
            <div className="heading-row">
              <h2>
                Link <code>/c/{link.code}</code>
              </h2>
              <span className="muted">
                {link.orders.length} {link.orders.length === 1 ? 'order' : 'orders'}
              </span>
            </div>
            {link.orders.length === 0 ? (
              <p className="card muted">No orders through this link yet.</p>
            ) : (
              <OrdersTable orders={link.orders} />
            )}
          </article>
        ))
      )}
    </section>
  )
}
