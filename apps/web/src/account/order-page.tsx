import type { ShopperOrder } from '@ambassador/contracts/http'
import { Link } from 'wouter'
import { toCents } from '../checkout/order.ts'
import { OrderTimeline, STAGE_WORDS } from '../order-timeline.tsx'
import { LoadError } from '../shell.tsx'
import { formatPrice } from '../shop/cart.ts'
import { useApi } from '../use-api.ts'

/** One of the shopper's orders: what it holds, what it cost, where it is, and its invoice once paid. */
export function OrderPage({ id }: { id: string }) {
  const { loaded, reload } = useApi<ShopperOrder>(`/api/store/orders/${encodeURIComponent(id)}`)
  if (loaded.state === 'loading') {
    return <main className="page narrow" aria-busy="true" />
  }
  if (loaded.state === 'failed') {
    return (
      <main className="page narrow">
        <p>
          <Link href="/">← Your orders</Link>
        </p>
        <LoadError message={loaded.error.message} retry={reload} />
      </main>
    )
  }
  const order = loaded.data
  const money = (amount: number) => formatPrice(amount, order.currency)
  return (
    <main className="page narrow">
      <p>
        <Link href="/">← Your orders</Link>
      </p>
      <h1>Order #{order.number}</h1>
      <p className="order-stage">
        <strong>{STAGE_WORDS[order.stage]}</strong> · placed {new Date(order.placed_at).toLocaleString()}
      </p>
      <section className="card" aria-labelledby="lines-title">
        <h2 id="lines-title">What you ordered</h2>
        <table className="order-lines">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="amount">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.title}>
                <td>
                  {line.quantity} × {line.title}
                  {line.discount > 0 ? <span className="muted"> (−{money(line.discount)})</span> : null}
                </td>
                <td className="amount">{money(line.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {order.discount > 0 && (
              <tr>
                <th scope="row">Discount{order.coupon_code ? ` (${order.coupon_code})` : ''}</th>
                <td className="amount">−{money(order.discount)}</td>
              </tr>
            )}
            <tr>
              <th scope="row">Total</th>
              <td className="amount">
                <strong>{money(order.total)}</strong>
              </td>
            </tr>
            {order.store_credit > 0 && (
              <>
                <tr>
                  <th scope="row">Paid with store credit</th>
                  <td className="amount">{money(order.store_credit)}</td>
                </tr>
                {order.total > order.store_credit && (
                  <tr>
                    <th scope="row">Paid by card</th>
                    <td className="amount">{money((toCents(order.total) - toCents(order.store_credit)) / 100)}</td>
                  </tr>
                )}
              </>
            )}
            {order.refunded > 0 && (
              <tr>
                <th scope="row">Refunded</th>
                <td className="amount">{money(order.refunded)}</td>
              </tr>
            )}
          </tfoot>
        </table>
        {order.invoice_number ? (
          <p>
            <a
              className="button secondary wrapping-button"
              href={`/api/store/orders/${encodeURIComponent(order.id)}/invoice`}
              download
            >
              Download invoice {order.invoice_number} (PDF)
            </a>
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="where-title">
        <h2 id="where-title">Where it is</h2>
        <OrderTimeline order={order} />
      </section>
      <section className="card" aria-labelledby="ship-title">
        <h2 id="ship-title">Shipping to</h2>
        <p>
          {order.shipping.name}
          <br />
          {order.shipping.address}
          <br />
          {order.shipping.zip} {order.shipping.city}
          <br />
          {order.shipping.country}
        </p>
      </section>
    </main>
  )
}
