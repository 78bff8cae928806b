import { Link } from 'wouter'
import { formatCents, toCents } from '../checkout/order.ts'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { CopyButton, linkUrl } from './copy.tsx'

type MyLink = { id: string; code: string; products: { id: string; title: string }[]; created_at: string }
type Stat = { code: string; count: number; revenue: number }

/** Every link of mine with the orders it brought and what I earned from them. */
export function LinksPage() {
  const links = useApi<MyLink[]>('/api/ambassador/links')
  const stats = useApi<Stat[]>('/api/ambassador/stats')
  if (links.loaded.state === 'loading' || stats.loaded.state === 'loading')
    return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (links.loaded.state === 'failed' || stats.loaded.state === 'failed') {
    const retry = () => {
      links.reload()
      stats.reload()
    }
    return <LoadError message="We could not load your links." retry={retry} />
  }
  const byCode = new Map(stats.loaded.data.map((s) => [s.code, s]))
  const rows = links.loaded.data
  const totalOrders = stats.loaded.data.reduce((n, s) => n + s.count, 0)
  const totalEarned = stats.loaded.data.reduce((n, s) => n + toCents(s.revenue), 0)
  return (
    <section aria-labelledby="links-title">
      <h1 id="links-title">My links</h1>
      <div className="kpis">
        <div className="card kpi">
          <span className="muted">Links</span>
          <strong>{rows.length}</strong>
        </div>
        <div className="card kpi">
          <span className="muted">Orders</span>
          <strong>{totalOrders}</strong>
        </div>
        <div className="card kpi">
          <span className="muted">Earned</span>
          <strong>{formatCents(totalEarned)}</strong>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="card muted">
          You have no links yet. <Link href="/">Pick some products</Link> to create your first one.
        </p>
      ) : (
        <div className="card table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Link</th>
                <th scope="col">Products</th>
                <th scope="col" className="num">
                  Orders
                </th>
                <th scope="col" className="num">
                  Earned
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((link) => {
                const stat = byCode.get(link.code)
                return (
                  <tr key={link.id}>
                    <td>
                      <code>/c/{link.code}</code> <CopyButton text={linkUrl(link.code)} />
                    </td>
                    <td>{link.products.map((p) => p.title).join(', ')}</td>
                    <td className="num">{stat?.count ?? 0}</td>
                    <td className="num">{formatCents(toCents(stat?.revenue ?? 0))}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
