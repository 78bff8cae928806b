import type {
  BulkFulfilmentResult,
  FulfilmentQueue,
  FulfilmentQueueOrder,
  QueueStage,
} from '@ambassador/contracts/http'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'wouter'
import { api } from '../api.ts'
import { formatCents, toCents } from '../checkout/order.ts'
import { FormError, useSubmit } from '../forms.tsx'
import { Pager } from '../pager.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import './fulfilment.css'

/** Each stage with work left: its tab, what its bulk action does, and the word for an order it moved. */
const STAGES: Record<QueueStage, { tab: string; action(orders: string): string; moved: string; empty: string }> = {
  paid: { tab: 'To pack', action: (orders) => `Pack ${orders}`, moved: 'packed', empty: 'Nothing to pack.' },
  fulfilled: {
    tab: 'To ship',
    action: (orders) => `Ship ${orders}`,
    moved: 'shipped',
    empty: 'Nothing waits to ship.',
  },
  shipped: {
    tab: 'To confirm delivery',
    action: (orders) => `Mark ${orders} delivered`,
    moved: 'delivered',
    empty: 'No parcel is on its way.',
  },
}
const NEXT = { paid: 'fulfilled', fulfilled: 'shipped', shipped: 'delivered' } as const
const PER_PAGE = 20

type Shipment = { carrier: string; tracking_number: string }
type Outcome = { verb: string; rows: (BulkFulfilmentResult[number] & { label: string })[] }

const stageFrom = (value: string | null): QueueStage => (value === 'fulfilled' || value === 'shipped' ? value : 'paid')
const labelOf = (order: Pick<FulfilmentQueueOrder, 'number' | 'name'>) => `#${order.number} (${order.name})`

/**
 * The orders that need work, by stage — to pack, to ship, to confirm delivery — oldest payment first, with a box
 * per order and one action for the ones ticked: pack them, ship them (each with its carrier and tracking number,
 * typed in its row) or mark them delivered. Each order moves or says why not.
 */
export function FulfilmentPage() {
  const [params, setParams] = useSearchParams()
  const stage = stageFrom(params.get('stage'))
  const [page, setPage] = useState(1)
  const { loaded, reload } = useApi<FulfilmentQueue>(
    `/api/admin/orders/fulfilment?stage=${stage}&page=${page}&per_page=${PER_PAGE}`,
  )
  const [selected, setSelected] = useState<string[]>([])
  const [shipments, setShipments] = useState<Record<string, Shipment>>({})
  const [outcome, setOutcome] = useState<Outcome>()
  const notify = useToast()

  const orders = loaded.state === 'ready' ? loaded.data.data : []
  // A bulk action that moved every order of the last page on leaves that page past the end: show the new last one.
  const shownPage = loaded.state === 'ready' ? loaded.data.page : 1
  const lastPage = loaded.state === 'ready' ? loaded.data.last_page : 1
  const pastTheEnd = shownPage > lastPage
  useEffect(() => {
    if (pastTheEnd) setPage(lastPage)
  }, [pastTheEnd, lastPage])
  const { sending, error, submit } = useSubmit(async () => {
    const chosen = orders.filter((order) => selected.includes(order.id))
    if (chosen.length === 0) throw new Error('Tick the orders to move first')
    const shipping = stage === 'fulfilled'
    if (shipping) {
      const missing = chosen.find(
        (order) => !shipments[order.id]?.carrier.trim() || !shipments[order.id]?.tracking_number.trim(),
      )
      if (missing) throw new Error(`Enter the carrier and tracking number of order ${labelOf(missing)}`)
    }
    const results = await api<BulkFulfilmentResult>('POST', '/api/admin/orders/fulfilment', {
      order_ids: chosen.map((order) => order.id),
      stage: NEXT[stage],
      ...(shipping
        ? {
            shipments: chosen.map((order) => ({
              order_id: order.id,
              carrier: shipments[order.id]?.carrier.trim(),
              tracking_number: shipments[order.id]?.tracking_number.trim(),
            })),
          }
        : {}),
    })
    const labels = new Map(chosen.map((order) => [order.id, labelOf(order)]))
    setOutcome({
      verb: STAGES[stage].moved,
      rows: results.map((result) => ({ ...result, label: labels.get(result.order_id) ?? result.order_id })),
    })
    const moved = results.filter((result) => result.ok).length
    notify(
      moved === results.length
        ? `${moved} ${moved === 1 ? 'order' : 'orders'} ${STAGES[stage].moved}`
        : `${moved} of ${results.length} orders ${STAGES[stage].moved}; see why the others were not`,
    )
    // The ones that did not move stay ticked, to try again once whatever stopped them is dealt with.
    setSelected(results.filter((result) => !result.ok).map((result) => result.order_id))
    reload()
  })

  function showStage(next: QueueStage) {
    setSelected([])
    setPage(1)
    setParams({ stage: next })
  }
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => (on ? [...current, id] : current.filter((other) => other !== id)))
  const setShipment = (id: string, field: keyof Shipment, value: string) =>
    setShipments((current) => ({
      ...current,
      [id]: { carrier: '', tracking_number: '', ...current[id], [field]: value },
    }))

  const counts = loaded.state === 'ready' ? loaded.data.counts : undefined
  const allTicked = orders.length > 0 && orders.every((order) => selected.includes(order.id))
  return (
    <section aria-labelledby="fulfilment-page-title">
      <h1 id="fulfilment-page-title">Fulfilment</h1>
      <p className="muted">Paid orders that still need work, oldest payment first.</p>
      <fieldset className="stage-tabs">
        <legend className="visually-hidden">Stage</legend>
        {(Object.keys(STAGES) as QueueStage[]).map((each) => (
          <button
            key={each}
            type="button"
            className="button secondary small-button stage-tab"
            aria-pressed={each === stage}
            onClick={() => showStage(each)}
          >
            {STAGES[each].tab}
            {counts ? ` (${counts[each]})` : ''}
          </button>
        ))}
      </fieldset>
      {outcome ? <Outcomes outcome={outcome} /> : null}
      {loaded.state === 'loading' || pastTheEnd ? (
        <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
      ) : loaded.state === 'failed' ? (
        <LoadError message={loaded.error.message} retry={reload} />
      ) : orders.length === 0 ? (
        <p className="card muted">{STAGES[stage].empty}</p>
      ) : (
        <form onSubmit={submit} aria-labelledby="fulfilment-page-title">
          <div className="bulk-bar">
            <label className="select-all">
              <input
                type="checkbox"
                checked={allTicked}
                onChange={(e) => setSelected(e.target.checked ? orders.map((order) => order.id) : [])}
              />
              <span>Select all {orders.length} on this page</span>
            </label>
            <button type="submit" className="button" disabled={sending}>
              {sending
                ? 'Saving…'
                : STAGES[stage].action(
                    selected.length === 0
                      ? 'selected orders'
                      : `${selected.length} ${selected.length === 1 ? 'order' : 'orders'}`,
                  )}
            </button>
          </div>
          <FormError message={error} />
          <div className="card table-wrap">
            <table className="stack-table fulfilment-table">
              <caption className="visually-hidden">Orders {STAGES[stage].tab.toLowerCase()}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">Selected</span>
                  </th>
                  <th scope="col">Order</th>
                  <th scope="col">Items</th>
                  <th scope="col">Paid</th>
                  {stage === 'fulfilled' ? (
                    <>
                      <th scope="col">Carrier</th>
                      <th scope="col">Tracking number</th>
                    </>
                  ) : null}
                  {stage === 'shipped' ? <th scope="col">Shipped with</th> : null}
                </tr>
              </thead>
              <tbody>
                {orders.map((order) => (
                  <QueueRow
                    key={order.id}
                    order={order}
                    stage={stage}
                    ticked={selected.includes(order.id)}
                    onTick={(on) => toggle(order.id, on)}
                    shipment={shipments[order.id]}
                    onShipment={(field, value) => setShipment(order.id, field, value)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={loaded.data.page} lastPage={loaded.data.last_page} onPage={setPage} />
        </form>
      )}
    </section>
  )
}

function QueueRow(props: {
  order: FulfilmentQueueOrder
  stage: QueueStage
  ticked: boolean
  onTick(on: boolean): void
  shipment: Shipment | undefined
  onShipment(field: keyof Shipment, value: string): void
}) {
  const { order, stage } = props
  const label = `order ${labelOf(order)}`
  const packing = order.lines.filter((line) => line.refunded_quantity < line.quantity)
  const packed = packing.filter((line) => line.fulfilled_at).length
  return (
    <tr>
      <td>
        <label className="pick-order">
          <input type="checkbox" checked={props.ticked} onChange={(e) => props.onTick(e.target.checked)} />
          <span className="visually-hidden">Select {label}</span>
        </label>
      </td>
      <td data-label="Order">
        <span>
          <Link href={`/orders/${order.id}`}>#{order.number}</Link> {order.name}
          <br />
          <span className="muted">
            {order.city}, {order.country} · {formatCents(toCents(order.amount_paid))}
          </span>
        </span>
      </td>
      <td data-label="Items">
        <ul className="queue-lines">
          {order.lines.map((line) => (
            <li key={line.id}>
              {line.title} × {line.quantity}
              {stage === 'paid' && line.fulfilled_at ? <span className="muted"> · packed</span> : null}
              {line.refunded_quantity >= line.quantity ? <span className="muted"> · refunded</span> : null}
            </li>
          ))}
          {stage === 'paid' && packed > 0 ? (
            <li className="muted">
              {packed} of {packing.length} packed
            </li>
          ) : null}
        </ul>
      </td>
      <td data-label="Paid">{new Date(order.paid_at).toLocaleDateString()}</td>
      {stage === 'fulfilled' ? (
        <>
          <td data-label="Carrier">
            <label className="visually-hidden" htmlFor={`carrier-${order.id}`}>
              Carrier for {label}
            </label>
            <input
              id={`carrier-${order.id}`}
              type="text"
              autoComplete="off"
              maxLength={100}
              value={props.shipment?.carrier ?? ''}
              onChange={(e) => props.onShipment('carrier', e.target.value)}
            />
          </td>
          <td data-label="Tracking number">
            <label className="visually-hidden" htmlFor={`tracking-${order.id}`}>
              Tracking number for {label}
            </label>
            <input
              id={`tracking-${order.id}`}
              type="text"
              autoComplete="off"
              maxLength={100}
              value={props.shipment?.tracking_number ?? ''}
              onChange={(e) => props.onShipment('tracking_number', e.target.value)}
            />
          </td>
        </>
      ) : null}
      {stage === 'shipped' ? (
        <td data-label="Shipped with">
          <span>
            {order.carrier} {order.tracking_number}
          </span>
        </td>
      ) : null}
    </tr>
  )
}

/** What the last bulk action did to each order: moved, or why not. */
function Outcomes({ outcome }: { outcome: Outcome }) {
  const moved = outcome.rows.filter((row) => row.ok).length
  return (
    <section className="card bulk-results" aria-labelledby="bulk-results-title">
      <h2 id="bulk-results-title">
        {moved} of {outcome.rows.length} {outcome.rows.length === 1 ? 'order' : 'orders'} {outcome.verb}
      </h2>
      <ul>
        {outcome.rows.map((row) => (
          <li key={row.order_id} className={row.ok ? 'result-ok' : 'result-failed'}>
            {row.ok ? `✓ ${row.label}: ${outcome.verb}` : `✗ ${row.label}: not ${outcome.verb}. ${row.error ?? ''}`}
          </li>
        ))}
      </ul>
    </section>
  )
}
