import { useId, useState } from 'react'
import { BarChart, dailyBars } from '../bar-chart.tsx'
import { formatCents, toCents } from '../checkout/order.ts'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import './earnings-chart.css'

const DAYS = 30
type Day = { date: string; count: number; revenue: number }

/** What I earned each day of the last 30, across all my links or for the one I pick. */
export function EarningsChart({ codes }: { codes: string[] }) {
  const selectId = useId()
  const [picked, setPicked] = useState('')
  const code = codes.includes(picked) ? picked : ''
  const query = code ? `&code=${encodeURIComponent(code)}` : ''
  const { loaded, reload } = useApi<Day[]>(`/api/ambassador/stats/daily?days=${DAYS}${query}`)
  return (
    <div className="earnings-chart">
      {codes.length > 1 ? (
        <div className="earnings-chart-pick">
          <label htmlFor={selectId}>Earnings from</label>
          <select id={selectId} value={code} onChange={(event) => setPicked(event.target.value)}>
            <option value="">All links</option>
            {codes.map((c) => (
              <option key={c} value={c}>
                /c/{c}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {loaded.state === 'loading' ? <div className="skeleton earnings-chart-skeleton" aria-busy="true" /> : null}
      {loaded.state === 'failed' ? <LoadError message="We could not load your earnings chart." retry={reload} /> : null}
      {loaded.state === 'ready' ? (
        <BarChart
          bars={dailyBars(
            loaded.data.map((d) => ({ date: d.date, value: toCents(d.revenue) })),
            DAYS,
          )}
          format={formatCents}
          caption={code ? `Earnings from /c/${code}, last ${DAYS} days` : `Earnings, last ${DAYS} days`}
          empty={`No orders in the last ${DAYS} days yet: share a link and your earnings show up here.`}
        />
      ) : null}
    </div>
  )
}
