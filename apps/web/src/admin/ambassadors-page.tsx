import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'

type Ambassador = { id: string; first_name: string; last_name: string; email: string }

/** The ambassadors who signed up. */
export function AmbassadorsPage() {
  const { loaded, reload } = useApi<Ambassador[]>('/api/admin/ambassadors')
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  return (
    <section aria-labelledby="ambassadors-title">
      <h1 id="ambassadors-title">Ambassadors</h1>
      {loaded.data.length === 0 ? (
        <p className="card muted">No ambassadors yet. They sign up at /ambassador/register.</p>
      ) : (
        <div className="card table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.first_name} {a.last_name}
                  </td>
                  <td>{a.email}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
