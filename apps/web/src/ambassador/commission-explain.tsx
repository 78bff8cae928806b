import type { CommissionExplanation } from '@ambassador/contracts/http'
import { useId, useState } from 'react'
import { formatMoment } from '../dates.ts'
import { useApi } from '../use-api.ts'
import './commission-explain.css'

/** A "Why?" button on an accrual: opens why the line earned what it did, and what happened to it since. */
export function CommissionExplain({ orderItemId }: { orderItemId: string }) {
  const [open, setOpen] = useState(false)
  const panel = useId()
  return (
    <span className="commission-explain">
      <button
        type="button"
        className="button secondary small-button"
        aria-expanded={open}
        aria-controls={open ? panel : undefined}
        onClick={() => setOpen(!open)}
      >
        Why?
      </button>
      {open && <Explanation id={panel} orderItemId={orderItemId} />}
    </span>
  )
}

function Explanation({ id, orderItemId }: { id: string; orderItemId: string }) {
  const { loaded, reload } = useApi<CommissionExplanation>(`/api/ambassador/commissions/${orderItemId}/explain`)
  if (loaded.state === 'loading') {
    return (
      <div id={id} className="explain-panel" aria-busy="true">
        Loading…
      </div>
    )
  }
  if (loaded.state === 'failed') {
    return (
      <div id={id} className="explain-panel" role="alert">
        We could not load the explanation.{' '}
        <button type="button" className="button secondary small-button" onClick={reload}>
          Try again
        </button>
      </div>
    )
  }
  const why = loaded.data
  const money = (amount: number) =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency: why.currency }).format(amount)
  return (
    <div id={id} className="explain-panel">
      <p className="explain-why">{why.why}</p>
      <p>
        Earned {money(why.earned)}
        {why.net !== why.earned && <>, {money(why.net)} after refunds</>}.{' '}
        {why.status === 'approved'
          ? 'Approved: it counts toward your available balance.'
          : why.matures_at && (
              <>
                Pending until <time dateTime={why.matures_at}>{formatMoment(why.matures_at)}</time>, while the order can
                still be refunded.
              </>
            )}
      </p>
      <ol className="explain-timeline">
        {why.timeline.map((step) => (
          <li key={`${step.kind}-${step.at}-${step.amount}`}>
            <time dateTime={step.at}>{formatMoment(step.at)}</time> — {step.text}
          </li>
        ))}
      </ol>
    </div>
  )
}
