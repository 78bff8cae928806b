import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { OrdersTable } from './dashboard-page.tsx'
import type { Order } from './types.ts'

/** Every completed order with its items and how the money was split. */
export function OrdersPage() {
  const { loaded, reload } = useApi<Order[]>('/api/admin/orders')
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">Orders</h1>
      {loaded.data.length === 0 ? <p className="card muted">No orders yet.</p> : <OrdersTable orders={loaded.data} />}
    </section>
  )
}
