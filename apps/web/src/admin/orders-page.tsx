import { useState } from 'react'
import { Pager } from '../pager.tsx'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { OrdersTable } from './dashboard-page.tsx'
import type { Order } from './types.ts'

type OrderPage = { data: Order[]; total: number; page: number; last_page: number }

const PER_PAGE = 20

/** The completed orders, newest first, a page at a time, with their items and how the money was split. */
export function OrdersPage() {
  const [page, setPage] = useState(1)
  const { loaded, reload } = useApi<OrderPage>(`/api/admin/orders?page=${page}&per_page=${PER_PAGE}`)
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">Orders</h1>
      {loaded.data.total === 0 ? (
        <p className="card muted">No orders yet.</p>
      ) : (
        <>
          <OrdersTable orders={loaded.data.data} />
          <Pager page={loaded.data.page} lastPage={loaded.data.last_page} onPage={setPage} />
        </>
      )}
    </section>
  )
}
