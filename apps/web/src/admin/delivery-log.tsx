import { api } from '../api.ts'
import { formatMoment } from '../dates.ts'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import { type DeliveryOutcome, lastAnswer } from './delivery-answer.ts'
import './webhooks.css'

export type Delivery = DeliveryOutcome & {
  id: string
  event_id: string
  event_type: string
  last_attempt_at: string | null
  request_headers: Record<string, string>
  created_at: string
}

/**
 * The newest deliveries at `path` (a webhook endpoint's, or a chat or SMS channel's), each with its status, its last
 * answer and, when it did not go through, why. `resendable` adds a Resend button (webhook deliveries only);
 * `showRecipient` a column with the phone each text went to (an SMS channel has several).
 */
export function DeliveryLog(props: {
  path: string
  caption: string
  empty: string
  resendable?: boolean
  showRecipient?: boolean
}) {
  const { loaded, reload } = useApi<Delivery[]>(props.path)
  const notify = useToast()
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '4rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />

  async function resend(delivery: Delivery) {
    try {
      await api('POST', `/api/notifications/deliveries/${delivery.id}/resend`)
      notify(`Sending ${delivery.event_type} again`)
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not resend it.', 'error')
    }
    reload()
  }

  if (loaded.data.length === 0) return <p className="muted">{props.empty}</p>
  return (
    <div className="table-wrap">
      <table className="stack-table delivery-log">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            {props.showRecipient && <th scope="col">To</th>}
            <th scope="col">When</th>
            <th scope="col">Status</th>
            <th scope="col">Last answer</th>
            {props.resendable && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {loaded.data.map((d) => {
            const { answer, reason } = lastAnswer(d)
            return (
              <tr key={d.id}>
                <td>{d.event_type}</td>
                {props.showRecipient && <td data-label="To">{d.request_headers.To ?? '—'}</td>}
                <td data-label="When">{formatMoment(d.created_at)}</td>
                <td data-label="Status">
                  <span className={`status status-${d.status === 'delivered' ? 'sent' : d.status}`}>{d.status}</span>{' '}
                  <span className="muted">
                    {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                  </span>
                </td>
                <td data-label="Last answer">
                  <span className="delivery-answer">
                    {answer !== null && <span>{answer}</span>}
                    {reason !== null && <span className="delivery-reason">{reason}</span>}
                  </span>
                </td>
                {props.resendable && (
                  <td className="num row-actions">
                    <button type="button" className="button secondary small-button" onClick={() => resend(d)}>
                      Resend
                    </button>
                  </td>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
