import { formatCents, toCents } from '../checkout/order.ts'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import type { Order } from './types.ts'

/** The store at a glance: orders, revenue, commissions, and the latest orders. */
export function DashboardPage() {
  const { loaded, reload } = useApi<Order[]>('/api/admin/orders')
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  const orders = loaded.data
  const paid = orders.reduce((sum, o) => sum + toCents(o.amount_paid ?? 0), 0)
  const commissions = orders.reduce((sum, o) => sum + toCents(o.ambassador_revenue ?? 0), 0)
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      <div className="kpis">
        <div className="card kpi">
          <span className="muted">Orders</span>
          <strong>{orders.length}</strong>
        </div>
        <div className="card kpi">
          <span className="muted">Revenue</span>
          <strong>{formatCents(paid)}</strong>
        </div>
        <div className="card kpi">
          <span className="muted">Commissions paid</span>
          <strong>{formatCents(commissions)}</strong>
        </div>
      </div>
      <h2>Latest orders</h2>
      {orders.length === 0 ? (
        <p className="card muted">
          No orders yet. They appear here as soon as a customer pays through an ambassador's link.
        </p>
      ) : (
        <OrdersTable orders={orders.slice(0, 5)} />
      )}
    </section>
  )
}

export function OrdersTable({ orders }: { orders: Order[] }) {
  return (
    <div className="card table-wrap">
      <table>
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
                {order.name}
                <br />
                <span className="muted">{order.email}</span>
              </td>
              <td>{order.order_items.map((i) => `${i.product_title} × ${i.quantity}`).join(', ')}</td>
              <td>{order.code ? <code>{order.code}</code> : null}</td>
              <td className="num">{formatCents(toCents(order.amount_paid ?? 0))}</td>
              <td className="num">{formatCents(toCents(order.ambassador_revenue ?? 0))}</td>
              <td className="num">{formatCents(toCents(order.total))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
