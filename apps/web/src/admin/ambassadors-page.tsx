import type { LinkFlags } from '@ambassador/contracts/http'
import { useState } from 'react'
import { Link } from 'wouter'
import { Pager } from '../pager.tsx'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'

export type Ambassador = { id: string; first_name: string; last_name: string; email: string }

type AmbassadorPage = { data: Ambassador[]; total: number; page: number; last_page: number }

const PER_PAGE = 50

/** The ambassadors who signed up, a page at a time; each opens to their links and orders. */
export function AmbassadorsPage() {
  const [page, setPage] = useState(1)
  const { loaded, reload } = useApi<AmbassadorPage>(`/api/admin/ambassadors?page=${page}&per_page=${PER_PAGE}`)
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  return (
    <section aria-labelledby="ambassadors-title">
      <h1 id="ambassadors-title">Ambassadors</h1>
      <LinksToReview />
      {loaded.data.total === 0 ? (
        <p className="card muted">No ambassadors yet. They sign up at /ambassador/register.</p>
      ) : (
        <>
          <div className="card table-wrap">
            <table className="stack-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                </tr>
              </thead>
              <tbody>
                {loaded.data.data.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link href={`/ambassadors/${a.id}`}>
                        {a.first_name} {a.last_name}
                      </Link>
                    </td>
                    <td data-label="Email">{a.email}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={loaded.data.page} lastPage={loaded.data.last_page} onPage={setPage} />
        </>
      )}
    </section>
  )
}

/** Links whose clicks or orders looked unusual this week: shown only when there are some. */
function LinksToReview() {
  const { loaded } = useApi<LinkFlags[]>('/api/admin/clicks/flags?days=7')
  if (loaded.state !== 'ready' || loaded.data.length === 0) return null
  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title">Links to review</h2>
      <p className="muted">Clicks or orders of these links looked unusual in the last 7 days.</p>
      <ul>
        {loaded.data.map((link) => (
          <li key={link.link_id}>
            <Link href={`/ambassadors/${link.ambassador_id}`}>
              <code>/c/{link.code}</code> of {link.ambassador_name ?? 'an ambassador'}
            </Link>
            : {link.flags.map((flag) => flag.text).join('; ')} ({link.clicks} clicks, {link.orders} orders)
          </li>
        ))}
      </ul>
    </section>
  )
}
