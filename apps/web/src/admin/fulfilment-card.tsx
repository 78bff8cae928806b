import type { OrderDetail } from '@ambassador/contracts/http'
import { useState } from 'react'
import { api } from '../api.ts'
import { FormError, TextField, useSubmit } from '../forms.tsx'
import { useToast } from '../toast.tsx'

const STAGE_WORDS: Record<OrderDetail['stage'], string> = {
  pending: 'Waiting for payment',
  paid: 'Paid: to be packed',
  fulfilled: 'Packed: to be shipped',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled (never paid)',
  refunded: 'Refunded in full',
}

const STEP_WORDS: Record<string, string> = {
  placed: 'Placed',
  paid: 'Paid',
  fulfilled: 'Packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
}

/** Where the order is, its next step (packed, shipped with carrier and tracking number, delivered), and its timeline. */
export function FulfilmentCard({ order, onDone }: { order: OrderDetail; onDone(): void }) {
  const notify = useToast()
  const [carrier, setCarrier] = useState('')
  const [trackingNumber, setTrackingNumber] = useState('')
  const [trackingUrl, setTrackingUrl] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    if (order.stage === 'paid') {
      await api('POST', `/api/admin/orders/${order.id}/fulfil`)
      notify('Marked as packed; the customer was told')
    } else if (order.stage === 'fulfilled') {
      const url = trackingUrl.trim()
      if (url && !/^https?:\/\//.test(url)) throw new Error('The tracking link must start with https:// or http://')
      await api('POST', `/api/admin/orders/${order.id}/ship`, {
        carrier: carrier.trim(),
        tracking_number: trackingNumber.trim(),
        ...(url ? { tracking_url: url } : {}),
      })
      notify('Marked as shipped; the customer has the tracking number')
    } else if (order.stage === 'shipped') {
      await api('POST', `/api/admin/orders/${order.id}/deliver`)
      notify('Marked as delivered')
    }
    onDone()
  })
  const action = { paid: 'Mark as packed', fulfilled: 'Mark as shipped', shipped: 'Mark as delivered' }[
    order.stage as 'paid'
  ]
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
      {action ? (
        <form className="fields-stack" onSubmit={submit} aria-labelledby="fulfilment-title">
          {order.stage === 'fulfilled' ? (
            <>
              <TextField label="Carrier" value={carrier} onChange={setCarrier} autoComplete="off" />
              <TextField
                label="Tracking number"
                value={trackingNumber}
                onChange={setTrackingNumber}
                autoComplete="off"
              />
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
            {sending ? 'Saving…' : action}
          </button>
        </form>
      ) : null}
      <h3>Timeline</h3>
      <ol className="plain-list">
        {order.timeline.map((step) => (
          <li key={`${step.stage}-${step.at}`}>
            <strong>{STEP_WORDS[step.stage] ?? step.stage}</strong> · {new Date(step.at).toLocaleString()}
            {step.detail ? <span className="muted"> · {step.detail}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  )
}
