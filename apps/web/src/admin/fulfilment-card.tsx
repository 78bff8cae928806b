import type { OrderDetail } from '@ambassador/contracts/http'
import { useRef, useState } from 'react'
import { api } from '../api.ts'
import { FormError, TextField, useSubmit } from '../forms.tsx'
import { useToast } from '../toast.tsx'
import './fulfilment.css'

const STAGE_WORDS: Record<OrderDetail['stage'], string> = {
  pending: 'Waiting for payment',
  paid: 'Paid: to be packed',
  fulfilled: 'Packed: to be shipped',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled (never paid)',
  refunded: 'Refunded in full',
}

export const STEP_WORDS: Record<string, string> = {
  placed: 'Placed',
  paid: 'Paid',
  partly_fulfilled: 'Partly packed',
  fulfilled: 'Packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
}

type Line = OrderDetail['order_items'][number]

const when = (iso: string) => new Date(iso).toLocaleString()
const needsPacking = (line: Line) => line.refunded_quantity < line.quantity
const titleOf = (line: Line) => `${line.product_title} × ${line.quantity}`

/**
 * Where the order is and its next step: lines to pack (some or all), shipping with carrier and tracking number, or
 * delivery. Then each line's state and the order's timeline.
 */
export function FulfilmentCard({ order, onDone }: { order: OrderDetail; onDone(): void }) {
  return (
    <div className="card">
      <h2 id="fulfilment-title">Fulfilment</h2>
      <p>
        <strong>{STAGE_WORDS[order.stage]}</strong>
        {order.carrier && order.tracking_number ? (
          <>
            {' '}
            · {order.carrier} {order.tracking_number}
            {order.tracking_url ? (
              <>
                {' '}
                · <a href={order.tracking_url}>tracking page</a>
              </>
            ) : null}
          </>
        ) : null}
      </p>
      {order.stage === 'paid' ? (
        <PackLinesForm order={order} onDone={onDone} />
      ) : (
        <>
          {order.status === 'completed' ? <LineStates order={order} /> : null}
          {order.stage === 'fulfilled' || order.stage === 'shipped' ? (
            <NextStepForm order={order} onDone={onDone} />
          ) : null}
        </>
      )}
      <h3 id="timeline-title">Timeline</h3>
      <ol className="plain-list" aria-labelledby="timeline-title">
        {order.timeline.map((step) => (
          <li key={`${step.stage}-${step.at}`}>
            <strong>{STEP_WORDS[step.stage] ?? step.stage}</strong> · {when(step.at)}
            {step.detail ? <span className="muted"> · {step.detail}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  )
}

/** What happened to a line: packed (when), refunded in full (nothing to pack), or still to pack. */
function lineState(line: Line) {
  if (line.fulfilled_at) return `packed ${when(line.fulfilled_at)}`
  if (!needsPacking(line)) return 'refunded: nothing to pack'
  return 'not packed yet'
}

function LineStates({ order }: { order: OrderDetail }) {
  return (
    <ul className="line-states" aria-label="Lines">
      {order.order_items.map((line) => (
        <li key={line.id} className="line-state">
          <span className={line.fulfilled_at ? 'mark' : 'mark none'} aria-hidden="true">
            {line.fulfilled_at ? '✓' : '–'}
          </span>
          <span>
            {titleOf(line)} <span className="muted">· {lineState(line)}</span>
          </span>
        </li>
      ))}
    </ul>
  )
}

/** A paid order: tick the lines packed now (the rest wait), or pack every line left at once. */
function PackLinesForm({ order, onDone }: { order: OrderDetail; onDone(): void }) {
  const notify = useToast()
  const [chosen, setChosen] = useState<string[]>([])
  // Which button sent the form: the chosen lines, or everything left.
  const everything = useRef(false)
  const open = order.order_items.filter((line) => !line.fulfilled_at && needsPacking(line))
  const { sending, error, submit } = useSubmit(async () => {
    const all = everything.current || open.length === 0
    if (!all && chosen.length === 0) throw new Error('Tick the lines you packed, or pack every line left')
    const packed = await api<OrderDetail>(
      'POST',
      `/api/admin/orders/${order.id}/fulfil`,
      all ? undefined : { items: chosen },
    )
    const left = packed.order_items.filter((line) => !line.fulfilled_at && needsPacking(line)).length
    notify(
      packed.stage === 'fulfilled'
        ? 'Order packed; the customer was told'
        : `Packed ${chosen.length} ${chosen.length === 1 ? 'line' : 'lines'}; ${left} left to pack`,
    )
    setChosen([])
    onDone()
  })
  const toggle = (id: string, on: boolean) =>
    setChosen((current) => (on ? [...current, id] : current.filter((other) => other !== id)))
  return (
    <form className="fields-stack" onSubmit={submit} aria-labelledby="fulfilment-title">
      <fieldset className="pack-lines">
        <legend>Lines to pack</legend>
        <ul className="line-states">
          {order.order_items.map((line) =>
            !line.fulfilled_at && needsPacking(line) ? (
              <li key={line.id} className="line-state">
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.includes(line.id)}
                    onChange={(e) => toggle(line.id, e.target.checked)}
                  />
                  <span>{titleOf(line)}</span>
                </label>
              </li>
            ) : (
              <li key={line.id} className="line-state">
                <span className={line.fulfilled_at ? 'mark' : 'mark none'} aria-hidden="true">
                  {line.fulfilled_at ? '✓' : '–'}
                </span>
                <span>
                  {titleOf(line)} <span className="muted">· {lineState(line)}</span>
                </span>
              </li>
            ),
          )}
        </ul>
      </fieldset>
      {open.length === 0 ? <p className="muted">Every line is packed or refunded.</p> : null}
      <FormError message={error} />
      <div className="button-row">
        {open.length > 0 ? (
          <button
            type="submit"
            className="button"
            disabled={sending}
            onClick={() => {
              everything.current = false
            }}
          >
            {sending ? 'Saving…' : 'Pack selected lines'}
          </button>
        ) : null}
        <button
          type="submit"
          className={open.length > 0 ? 'button secondary' : 'button'}
          disabled={sending}
          onClick={() => {
            everything.current = true
          }}
        >
          {open.length === order.order_items.filter(needsPacking).length
            ? 'Pack the whole order'
            : open.length > 0
              ? 'Pack every line left'
              : 'Mark the order packed'}
        </button>
      </div>
    </form>
  )
}

/** A packed order ships (carrier, tracking number, an optional link); a shipped one is marked delivered. */
function NextStepForm({ order, onDone }: { order: OrderDetail; onDone(): void }) {
  const notify = useToast()
  const [carrier, setCarrier] = useState('')
  const [trackingNumber, setTrackingNumber] = useState('')
  const [trackingUrl, setTrackingUrl] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    if (order.stage === 'fulfilled') {
      const url = trackingUrl.trim()
      if (url && !/^https?:\/\//.test(url)) throw new Error('The tracking link must start with https:// or http://')
      await api('POST', `/api/admin/orders/${order.id}/ship`, {
        carrier: carrier.trim(),
        tracking_number: trackingNumber.trim(),
        ...(url ? { tracking_url: url } : {}),
      })
      notify('Marked as shipped; the customer has the tracking number')
    } else {
      await api('POST', `/api/admin/orders/${order.id}/deliver`)
      notify('Marked as delivered')
    }
    onDone()
  })
  return (
    <form className="fields-stack" onSubmit={submit} aria-labelledby="fulfilment-title">
      {order.stage === 'fulfilled' ? (
        <>
          <TextField label="Carrier" value={carrier} onChange={setCarrier} autoComplete="off" />
          <TextField label="Tracking number" value={trackingNumber} onChange={setTrackingNumber} autoComplete="off" />
          <TextField
            label="Tracking link (optional)"
            type="url"
            value={trackingUrl}
            onChange={setTrackingUrl}
            autoComplete="off"
            optional
          />
        </>
      ) : null}
      <FormError message={error} />
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Saving…' : order.stage === 'fulfilled' ? 'Mark as shipped' : 'Mark as delivered'}
      </button>
    </form>
  )
}
