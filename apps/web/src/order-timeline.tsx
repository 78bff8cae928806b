import type { TrackedOrder } from '@ambassador/contracts/http'

/** What each stage means to the person waiting for the parcel. */
export const STAGE_WORDS: Record<TrackedOrder['stage'], string> = {
  pending: 'Waiting for payment',
  paid: 'Paid: we are packing it',
  fulfilled: 'Packed: it ships soon',
  shipped: 'On its way',
  delivered: 'Delivered',
  cancelled: 'Cancelled: it was never paid',
  refunded: 'Refunded',
}

const STEP_WORDS: Record<string, string> = {
  placed: 'Order placed',
  paid: 'Payment received',
  partly_fulfilled: 'Partly packed',
  fulfilled: 'Packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
}

type Tracking = Pick<TrackedOrder, 'carrier' | 'tracking_number' | 'tracking_url' | 'timeline'>

/** The carrier and tracking number once shipped, then every step the order went through, oldest first. */
export function OrderTimeline({ order }: { order: Tracking }) {
  return (
    <>
      {order.carrier && order.tracking_number ? (
        <p>
          {order.carrier}, tracking number <strong>{order.tracking_number}</strong>
          {order.tracking_url ? (
            <>
              {' '}
              · <a href={order.tracking_url}>Follow the parcel</a>
            </>
          ) : null}
        </p>
      ) : null}
      <ol className="plain-list timeline" aria-label="What happened to the order">
        {order.timeline.map((step) => (
          <li key={`${step.stage}-${step.at}`}>
            <strong>{STEP_WORDS[step.stage] ?? step.stage}</strong> · {new Date(step.at).toLocaleString()}
            {step.detail ? <span className="muted"> · {step.detail}</span> : null}
          </li>
        ))}
      </ol>
    </>
  )
}
