import type { OrderDetail } from '@ambassador/contracts/http'
import { useState } from 'react'
import { Link } from 'wouter'
import { api } from '../api.ts'
import { formatCents, toCents } from '../checkout/order.ts'
import { FormError, TextField, useSubmit } from '../forms.tsx'
import { Kpis, LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import { FulfilmentCard } from './fulfilment-card.tsx'
import { WalletCard } from './wallet-card.tsx'

const when = (iso: string) => new Date(iso).toLocaleString()

/**
 * One order: its referral link and coupon, its lines (with the coupon's share and what was refunded from each), its
 * fulfilment and timeline, its invoice and credit notes, a refund form, the refunds and the payment log.
 */
export function OrderPage({ params }: { params: { id: string } }) {
  const { loaded, reload } = useApi<OrderDetail>(`/api/admin/orders/${encodeURIComponent(params.id)}`)
  const back = <Link href="/orders">← All orders</Link>
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed' && loaded.error.status === 404)
    return (
      <section>
        {back}
        <p className="card muted">There is no such order.</p>
      </section>
    )
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  const order = loaded.data
  const left = toCents(order.amount_paid) - toCents(order.refunded)
  const discounted = toCents(order.discount) > 0
  return (
    <section aria-labelledby="order-title">
      {back}
      <h1 id="order-title" className="page-title">
        Order for {order.name}
      </h1>
      <p className="muted">
        {order.email} · {order.address}, {order.zip} {order.city}, {order.country} ·{' '}
        {order.code ? (
          <>
            link <code>/c/{order.code}</code>
          </>
        ) : (
          'No referral'
        )}
        {order.coupon_code ? (
          <>
            {' '}
            · coupon <code>{order.coupon_code}</code>
          </>
        ) : null}
        {order.attributed_by ? ` · credited by ${CREDITED_BY[order.attributed_by] ?? order.attributed_by}` : ''} ·{' '}
        {order.status}
      </p>
      {order.commission_withheld ? <WithheldCommission order={order} onDone={reload} /> : null}
      <Kpis
        items={[
          ...(discounted
            ? ([
                ['Subtotal', formatCents(toCents(order.subtotal))],
                ['Discount', `−${formatCents(toCents(order.discount))}`],
              ] as [string, string][])
            : []),
          ['Paid', formatCents(toCents(order.amount_paid))],
          ...(toCents(order.store_credit) > 0
            ? ([['Of which store credit', formatCents(toCents(order.store_credit))]] as [string, string][])
            : []),
          ['Refunded', formatCents(toCents(order.refunded))],
          ['Commission', formatCents(toCents(order.ambassador_revenue))],
          ['Store', formatCents(toCents(order.total))],
        ]}
      />
      <div className="card table-wrap">
        <table className="stack-table">
          <caption className="visually-hidden">Order lines</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Qty
              </th>
              {discounted && (
                <th scope="col" className="num">
                  Discount
                </th>
              )}
              <th scope="col" className="num">
                Refunded
              </th>
              <th scope="col" className="num">
                Commission
              </th>
            </tr>
          </thead>
          <tbody>
            {order.order_items.map((item) => (
              <tr key={item.id}>
                <td>{item.product_title}</td>
                <td className="num" data-label="Price">
                  {formatCents(toCents(item.price))}
                </td>
                <td className="num" data-label="Qty">
                  {item.quantity}
                </td>
                {discounted && (
                  <td className="num" data-label="Discount">
                    {item.discount > 0 ? `−${formatCents(toCents(item.discount))}` : formatCents(0)}
                  </td>
                )}
                <td className="num" data-label="Refunded">
                  {item.refunded_quantity > 0 ? `${item.refunded_quantity} · ` : ''}
                  {formatCents(toCents(item.refunded))}
                </td>
                <td className="num" data-label="Commission">
                  {formatCents(toCents(item.ambassador_revenue))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FulfilmentCard order={order} onDone={reload} />
      {order.documents.length > 0 ? <Documents order={order} /> : null}
      {order.status === 'completed' && left > 0 ? <RefundForm order={order} onDone={reload} /> : null}
      {order.refunds.length > 0 ? <Refunds order={order} /> : null}
      <PaymentLog order={order} />
      {order.customer_id ? <WalletCard userId={order.customer_id} name={order.name} /> : null}
    </section>
  )
}

/** Refund some units of some lines, or an amount spread across them. */
/** How the order found its ambassador, in words. */
const CREDITED_BY: Record<string, string> = {
  link: 'the link it was placed on',
  first_click: 'the first link the shopper opened',
  last_click: 'the last link the shopper opened',
  coupon: 'the ambassador’s discount code',
}

/** Why an ambassador earns nothing on their own order. */
const OWN_ORDER: Record<string, string> = {
  own_email: 'the buyer’s email is the ambassador’s own',
  own_account: 'the ambassador was signed in as the buyer',
  own_address: 'it ships to an address the ambassador used for their own orders',
  own_card: 'it was paid with a card the ambassador paid their own orders with',
}

/**
 * Why the ambassador earns nothing on this order, and — unless money was refunded — the admin's way to overrule it:
 * the lines then earn what the rules give, and the ambassador's balance, stats and revenue follow.
 */
function WithheldCommission({ order, onDone }: { order: OrderDetail; onDone(): void }) {
  const [reason, setReason] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    if (reason.trim().length < 3) throw new Error('Say why, in a few words.')
    if (!window.confirm(`Pay the ambassador their commission on this order after all, because “${reason.trim()}”?`))
      return
    await api('POST', `/api/admin/orders/${order.id}/commission/restore`, { reason: reason.trim() })
    onDone()
  })
  const why = OWN_ORDER[order.commission_withheld ?? ''] ?? 'the order is the ambassador’s own'
  const restored = order.commission_restored
  if (restored) {
    return (
      <p className="alert" role="note">
        Commission restored on {new Date(restored.at).toLocaleDateString()} (it was withheld: {why}). Reason:{' '}
        {restored.reason}
      </p>
    )
  }
  return (
    <form className="card fields-stack" onSubmit={submit} aria-labelledby="withheld-title">
      <h2 id="withheld-title">No commission on this order</h2>
      <p>The ambassador earns nothing: {why}.</p>
      {toCents(order.refunded) > 0 ? (
        <p className="muted">Money was refunded from this order, so its commission can no longer be restored.</p>
      ) : (
        <>
          <TextField label="Why pay it after all" value={reason} onChange={setReason} autoComplete="off" />
          <FormError message={error} />
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Restoring…' : 'Pay the commission after all'}
          </button>
        </>
      )}
    </form>
  )
}

function RefundForm({ order, onDone }: { order: OrderDetail; onDone(): void }) {
  const [units, setUnits] = useState<Record<string, string>>({})
  const [amount, setAmount] = useState('')
  const notify = useToast()
  const { sending, error, submit } = useSubmit(async () => {
    const items = Object.entries(units)
      .map(([order_item_id, quantity]) => ({ order_item_id, quantity: Number(quantity) }))
      .filter((item) => Number.isInteger(item.quantity) && item.quantity > 0)
    if (items.length === 0 && amount.trim() === '') throw new Error('Choose units to refund, or enter an amount')
    if (items.length > 0 && amount.trim() !== '') throw new Error('Refund units or an amount, not both at once')
    if (amount.trim() !== '' && !/^\d{1,7}(\.\d{1,2})?$/.test(amount.trim()))
      throw new Error('Enter an amount like 12.50 (at most 2 decimals)')
    const body = items.length > 0 ? { items } : { amount: amount.trim() }
    const refunded = await api<OrderDetail>('POST', `/api/admin/orders/${order.id}/refunds`, body)
    const newest = refunded.refunds[refunded.refunds.length - 1]
    notify(
      newest?.status === 'pending'
        ? 'Refund sent; waiting for the payment provider'
        : `Refunded ${formatCents(toCents(newest?.amount ?? 0))}`,
    )
    setUnits({})
    setAmount('')
    onDone()
  })
  const refundable = order.order_items.filter((item) => item.refunded_quantity < item.quantity)
  return (
    <form className="card fields-stack" onSubmit={submit} aria-labelledby="refund-title">
      <h2 id="refund-title">Refund</h2>
      <p className="muted">
        Give back some units of a line, or an amount spread across the lines. The ambassador’s commission on what is
        refunded is taken back, and the customer and the ambassador are told by email.
      </p>
      {refundable.map((item) => {
        const id = `refund-${item.id}`
        return (
          <div className="field" key={item.id}>
            <label htmlFor={id}>
              Units of {item.product_title} to refund (of {item.quantity - item.refunded_quantity})
            </label>
            <input
              id={id}
              type="number"
              inputMode="numeric"
              min={0}
              max={item.quantity - item.refunded_quantity}
              value={units[item.id] ?? ''}
              onChange={(e) => setUnits((u) => ({ ...u, [item.id]: e.target.value }))}
            />
          </div>
        )
      })}
      <div className="field">
        <label htmlFor="refund-amount">Or an amount to refund</label>
        <input
          id="refund-amount"
          inputMode="decimal"
          placeholder="12.50"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </div>
      <FormError message={error} />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Refunding…' : 'Refund'}
      </button>
    </form>
  )
}

/** The order's invoice and credit notes, each a PDF to download. */
function Documents({ order }: { order: OrderDetail }) {
  return (
    <div className="card">
      <h2>Invoice and credit notes</h2>
      <ul className="plain-list">
        {order.documents.map((document) => (
          <li key={document.number}>
            <a href={`/api/admin/documents/${encodeURIComponent(document.number)}`} download>
              {document.kind === 'invoice' ? 'Invoice' : 'Credit note'} {document.number} (PDF)
            </a>{' '}
            <span className="muted">· {when(document.issued_at)}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}

function Refunds({ order }: { order: OrderDetail }) {
  const titles = new Map(order.order_items.map((item) => [item.id, item.product_title]))
  return (
    <div className="card">
      <h2>Refunds</h2>
      <ul className="plain-list">
        {order.refunds.map((refund) => (
          <li key={refund.id}>
            <strong>{formatCents(toCents(refund.amount))}</strong> {refund.status} · {when(refund.created_at)} ·{' '}
            {refund.requested_by ? 'by an admin' : 'at the payment provider'} · commission taken back{' '}
            {formatCents(toCents(refund.ambassador_revenue))}
            <br />
            <span className="muted">
              {refund.lines
                .map(
                  (line) =>
                    `${titles.get(line.order_item_id) ?? 'line'}${line.quantity > 0 ? ` × ${line.quantity}` : ''}: ${formatCents(toCents(line.amount))}`,
                )
                .join(', ')}
              {refund.error ? ` — ${refund.error}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}

function PaymentLog({ order }: { order: OrderDetail }) {
  return (
    <div className="card table-wrap">
      <table className="stack-table">
        <caption>Payment log ({order.payment_provider})</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {order.payment_events.map((entry) => (
            <tr key={entry.id}>
              <td data-label="When">{when(entry.created_at)}</td>
              <td data-label="What">
                <span>
                  {entry.direction === 'webhook' ? 'Notified: ' : 'Asked: '}
                  <code>{entry.action}</code>
                </span>
              </td>
              <td data-label="Outcome">
                <span>
                  {entry.outcome}
                  {entry.detail ? <span className="muted"> — {entry.detail}</span> : null}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
