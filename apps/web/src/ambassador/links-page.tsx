import { Link } from 'wouter'
import { formatCents, toCents } from '../checkout/order.ts'
import { Kpis, LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { CopyButton, linkUrl } from './copy.tsx'
import { EarningsChart } from './earnings-chart.tsx'
import './links-page.css'
import { QrCodeButton } from './qr-code.tsx'
import { VanityCodes } from './vanity-codes.tsx'

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
      <Kpis
        items={[
          ['Links', rows.length],
          ['Orders', totalOrders],
          ['Earned', formatCents(totalEarned)],
        ]}
      />
      {rows.length === 0 ? null : <EarningsChart codes={rows.map((link) => link.code)} />}
      {rows.length === 0 ? (
        <p className="card muted">
          You have no links yet. <Link href="/">Pick some products</Link> to create your first one.
        </p>
      ) : (
        <div className="card table-wrap">
          <table className="links-table">
            <thead>
              <tr>
                <th scope="col">Link</th>
                <th scope="col" className="wide-only">
                  Products
                </th>
                <th scope="col" className="num wide-only">
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
                const count = stat?.count ?? 0
                const titles = link.products.map((p) => p.title).join(', ')
                return (
                  <tr key={link.id}>
                    <td>
                      <div className="link-cell">
                        <code>/c/{link.code}</code>
                        <span className="link-products narrow-only muted">{titles}</span>
                        <span className="link-actions">
                          <CopyButton text={linkUrl(link.code)} />
                          <QrCodeButton code={link.code} />
                        </span>
                      </div>
                    </td>
                    <td className="wide-only">{titles}</td>
                    <td className="num wide-only">{count}</td>
                    <td className="num">
                      {formatCents(toCents(stat?.revenue ?? 0))}
                      <span className="narrow-only muted">
                        {count} {count === 1 ? 'order' : 'orders'}
                      </span>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <VanityCodes links={rows.map((link) => link.code)} />
    </section>
  )
}
