import { Link } from 'wouter'
import { formatMoment } from '../dates.ts'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'

type Email = { id: string; to: string; subject: string; status: string; created_at: string }

/** The mail the platform sent: receipts, sale notices, admin notices, welcomes. */
export function EmailsPage() {
  const { loaded, reload } = useApi<Email[]>('/api/admin/emails')
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  return (
    <section aria-labelledby="emails-title">
      <div className="heading-row">
        <h1 id="emails-title">Emails</h1>
        <Link href="~/mailbox">Read them in the mailbox</Link>
      </div>
      {loaded.data.length === 0 ? (
        <p className="card muted">No mail has gone out yet.</p>
      ) : (
        <div className="card table-wrap">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">To</th>
                <th scope="col">When</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.map((e) => (
                <tr key={e.id}>
                  <td>{e.subject}</td>
                  <td data-label="To">{e.to}</td>
                  <td data-label="When">{formatMoment(e.created_at)}</td>
                  <td data-label="Status">
                    <span className={`status status-${e.status}`}>{e.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
