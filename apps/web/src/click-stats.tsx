import type { ClickFiguresRow, ClickStats } from '@ambassador/contracts/http'
import { useEffect, useId, useState } from 'react'
import { BarChart } from './bar-chart.tsx'
import { formatCents, toCents } from './checkout/order.ts'
import { Kpis, LoadError } from './shell.tsx'
import { useApi } from './use-api.ts'
import './click-stats.css'

const PERIODS = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
]

/** The first UTC day of a period of `days` days ending today. */
export function periodStart(days: number, today: Date = new Date()): string {
  return new Date(today.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10)
}

/** `0.0425` → "4.3%". */
export function conversionText(rate: number): string {
  return `${Number((rate * 100).toFixed(1))}%`
}

/**
 * What an ambassador's links brought: clicks, unique visitors, orders, conversion, revenue and commission, over a
 * period and for one link or all — as figures, a chart per day, and tables by link, by source and by country.
 * `path` is the ambassador's own stats route, or the admin's for one ambassador.
 */
export function ClickStatsPanel({ path }: { path: string }) {
  const [days, setDays] = useState(30)
  const [link, setLink] = useState('')
  const [links, setLinks] = useState<string[]>([])
  const query = new URLSearchParams({ from: periodStart(days), ...(link && { link }) })
  const { loaded, reload } = useApi<ClickStats>(`${path}?${query}`)
  const periodId = useId()
  const linkId = useId()
  // The links to choose from: those of the unfiltered answer (a filtered one lists only its own).
  const shown = loaded.state === 'ready' && loaded.data.link === null ? loaded.data.by_link : undefined
  useEffect(() => {
    if (shown) setLinks(shown.map((row) => row.code))
  }, [shown])
  return (
    <div className="click-stats">
      <div className="click-stats-controls">
        <div className="field">
          <label htmlFor={periodId}>Period</label>
          <select id={periodId} value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {PERIODS.map((period) => (
              <option key={period.days} value={period.days}>
                {period.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={linkId}>Link</label>
          <select id={linkId} value={link} onChange={(e) => setLink(e.target.value)}>
            <option value="">All links</option>
            {links.map((code) => (
              <option key={code} value={code}>
                /c/{code}
              </option>
            ))}
          </select>
        </div>
      </div>
      {loaded.state === 'loading' ? (
        <div className="skeleton" style={{ height: '12rem' }} aria-busy="true" />
      ) : loaded.state === 'failed' ? (
        <LoadError message="We could not load the clicks." retry={reload} />
      ) : (
        <ClickFigures stats={loaded.data} />
      )}
    </div>
  )
}

function ClickFigures({ stats }: { stats: ClickStats }) {
  const money = (amount: number) => formatCents(toCents(amount))
  const totals = stats.totals
  return (
    <>
      <Kpis
        items={[
          ['Clicks', totals.clicks.toLocaleString('en-US')],
          ['Unique visitors', totals.unique_visitors.toLocaleString('en-US')],
          ['Orders', totals.orders.toLocaleString('en-US')],
          ['Conversion', conversionText(totals.conversion_rate)],
          ['Revenue', money(totals.revenue)],
          ['Commission', money(totals.commission)],
        ]}
      />
      <BarChart
        caption={`Clicks per day, ${stats.from} to ${stats.to}`}
        bars={stats.by_day.map((day) => ({ label: day.date.slice(5), value: day.clicks }))}
        format={(value) => `${value} ${value === 1 ? 'click' : 'clicks'}`}
        empty="No clicks in this period yet."
      />
      {stats.link === null && (
        <FiguresTable
          caption="By link"
          labelHeader="Link"
          rows={stats.by_link.map((row) => ({ key: row.link_id, label: `/c/${row.code}`, figures: row }))}
        />
      )}
      <FiguresTable
        caption="By source (utm_source)"
        labelHeader="Source"
        rows={stats.by_source.map((row) => ({
          key: row.source ?? '',
          label: row.source ?? 'Direct or unknown',
          figures: row,
        }))}
      />
      <FiguresTable
        caption="By country"
        labelHeader="Country"
        rows={stats.by_country.map((row) => ({
          key: row.country ?? '',
          label: row.country ?? 'Unknown',
          figures: row,
        }))}
      />
    </>
  )
}

function FiguresTable(props: {
  caption: string
  labelHeader: string
  rows: { key: string; label: string; figures: ClickFiguresRow }[]
}) {
  const money = (amount: number) => formatCents(toCents(amount))
  if (props.rows.length === 0) return null
  return (
    // Wider than a phone: it scrolls sideways, so it can take the focus and be scrolled from the keyboard.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
    <section className="card table-wrap" tabIndex={0} aria-label={props.caption}>
      <table className="click-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.labelHeader}</th>
            <th scope="col" className="num">
              Clicks
            </th>
            <th scope="col" className="num">
              Visitors
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
          {props.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="num">{row.figures.clicks}</td>
              <td className="num">{row.figures.unique_visitors}</td>
              <td className="num">{row.figures.orders}</td>
              <td className="num">{conversionText(row.figures.conversion_rate)}</td>
              <td className="num">{money(row.figures.revenue)}</td>
              <td className="num">{money(row.figures.commission)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
