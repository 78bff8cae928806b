import { Link } from 'wouter'
import { formatCents, toCents } from '../checkout/order.ts'
import { Kpis, LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { NetRevenueChart, SignUpsChart } from './analytics-charts.tsx'
import { FunnelsTable } from './funnels-table.tsx'
import type { Order } from './types.ts'

type Summary = {
  orders: number
  revenue: number
  store_revenue: number
  commissions: number
  daily: { date: string; orders: number; revenue: number }[]
  top_ambassadors: { id: string; name: string | null; orders: number; revenue: number }[]
}

/** The store at a glance: orders, revenue, commissions, revenue over time, top ambassadors, latest orders. */
export function DashboardPage() {
  const summary = useApi<Summary>('/api/admin/summary?days=1')
  const latest = useApi<Order[]>('/api/admin/orders?limit=5')
  if (summary.loaded.state === 'loading' || latest.loaded.state === 'loading')
    return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (summary.loaded.state === 'failed' || latest.loaded.state === 'failed') {
    const error =
      summary.loaded.state === 'failed'
        ? summary.loaded.error
        : latest.loaded.state === 'failed'
          ? latest.loaded.error
          : undefined
    const retry = () => {
      summary.reload()
      latest.reload()
    }
    return <LoadError message={error?.message ?? 'We could not load the dashboard.'} retry={retry} />
  }
  const store = summary.loaded.data
  const orders = latest.loaded.data
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      <Kpis
        items={[
          ['Orders', store.orders],
          ['Revenue', formatCents(toCents(store.revenue))],
          ['Commissions', formatCents(toCents(store.commissions))],
        ]}
      />
      <div className="dashboard-grid">
        <NetRevenueChart />
        <div className="card top-ambassadors">
          <h2>Top ambassadors</h2>
          {store.top_ambassadors.length === 0 ? (
            <p className="muted">Ambassadors who sell appear here, ranked by the commission they earned.</p>
          ) : (
            <ol className="rankings">
              {store.top_ambassadors.map((a, i) => (
                <li key={a.id}>
                  <span className="rank">#{i + 1}</span>
                  <span>
                    <Link href={`/ambassadors/${a.id}`}>{a.name ?? 'New ambassador'}</Link>
                    <br />
                    <span className="muted">
                      {a.orders} {a.orders === 1 ? 'order' : 'orders'}
                    </span>
                  </span>
                  <strong>{formatCents(toCents(a.revenue))}</strong>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
      <SignUpsChart />
      <FunnelsTable />
      <div className="heading-row">
        <h2>Latest orders</h2>
        {orders.length > 0 ? <Link href="/orders">All orders</Link> : null}
      </div>
      {orders.length === 0 ? (
        <p className="card muted">
          No orders yet. They appear here as soon as a customer pays through an ambassador's link.
        </p>
      ) : (
        <OrdersTable orders={orders} />
      )}
    </section>
  )
}

export function OrdersTable({ orders }: { orders: Order[] }) {
  return (
    <div className="card table-wrap">
      <table className="stack-table">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Items</th>
            <th scope="col">Link</th>
            <th scope="col" className="num">
              Paid
            </th>
            <th scope="col" className="num">
              Commission
            </th>
            <th scope="col" className="num">
              Store
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <td>
                <Link href={`/orders/${order.id}`}>{order.name}</Link>
                <br />
                <span className="muted">{order.email}</span>
              </td>
              <td data-label="Items">
                {order.order_items.map((i) => `${i.product_title} × ${i.quantity}`).join(', ')}
              </td>
              <td data-label="Link">{order.code ? <code>/c/{order.code}</code> : null}</td>
              <td className="num" data-label="Paid">
                {formatCents(toCents(order.amount_paid ?? 0))}
                {order.refunded ? (
                  <span className="muted"> ({formatCents(toCents(order.refunded))} refunded)</span>
                ) : null}
              </td>
              <td className="num" data-label="Commission">
                {formatCents(toCents(order.ambassador_revenue ?? 0))}
              </td>
              <td className="num" data-label="Store">
                {formatCents(toCents(order.total))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
