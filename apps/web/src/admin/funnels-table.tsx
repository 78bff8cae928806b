import type { FunnelReport } from '@ambassador/contracts/analytics'
import { Link } from 'wouter'
import { formatCents, toCents } from '../checkout/order.ts'
import { conversionText } from '../click-stats.tsx'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'

const funnelsPath = '/api/analytics/funnels'
/** The ambassadors the dashboard lists (those who earned most); the CSV has them all. */
const SHOWN = 10

/**
 * What each ambassador's links brought over the last 30 days, from the analytics service: clicks → orders (and their
 * share of the clicks) → revenue → commission, for the ambassadors whose links were clicked or sold.
 */
export function FunnelsTable() {
  const funnels = useApi<FunnelReport>(funnelsPath)
  if (funnels.loaded.state === 'loading')
    return <div className="skeleton" style={{ height: '8rem' }} aria-busy="true" />
  if (funnels.loaded.state === 'failed')
    return <LoadError message="We could not load the funnels." retry={funnels.reload} />
  const report = funnels.loaded.data
  const active = report.ambassadors.filter((a) => a.clicks > 0 || a.orders > 0)
  const money = (amount: number) => formatCents(toCents(amount), report.currency)
  return (
    <div className="analytics-chart">
      <h2>Funnels, last 30 days</h2>
      {active.length === 0 ? (
        <p className="card muted">No clicks or orders through ambassadors' links in the last 30 days.</p>
      ) : (
        <div className="card table-wrap">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">Ambassador</th>
                <th scope="col" className="num">
                  Clicks
                </th>
                <th scope="col" className="num">
                  Orders
                </th>
                <th scope="col" className="num">
                  Conversion
                </th>
                <th scope="col" className="num">
                  Revenue
                </th>
                <th scope="col" className="num">
                  Commission
                </th>
              </tr>
            </thead>
            <tbody>
              {active.slice(0, SHOWN).map((a) => (
                <tr key={a.ambassador_id}>
                  <td>
                    <Link href={`/ambassadors/${a.ambassador_id}`}>{a.name ?? 'Unknown ambassador'}</Link>
                    <br />
                    <span className="muted">
                      {a.links} {a.links === 1 ? 'link' : 'links'}
                    </span>
                  </td>
                  <td className="num" data-label="Clicks">
                    {a.clicks}
                  </td>
                  <td className="num" data-label="Orders">
                    {a.orders}
                  </td>
                  <td className="num" data-label="Conversion">
                    {a.conversion_rate === null ? '—' : conversionText(a.conversion_rate)}
                  </td>
                  <td className="num" data-label="Revenue">
                    {money(a.revenue)}
                  </td>
                  <td className="num" data-label="Commission">
                    {money(a.commission)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <span className="csv-link">
        Download funnels (CSV):{' '}
        <a href={`${funnelsPath}?format=csv&by=ambassador`} download>
          by ambassador
        </a>
        ,{' '}
        <a href={`${funnelsPath}?format=csv`} download>
          by link
        </a>
      </span>
    </div>
  )
}
