import './analytics-charts.css'
import type { RegistrationsReport, RevenueReport } from '@ambassador/contracts/analytics'
import { BarChart, dailyBars } from '../bar-chart.tsx'
import { formatCents, toCents } from '../checkout/order.ts'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'

const DAYS = 30
const revenuePath = `/api/analytics/revenue?interval=day`
const signUpsPath = `/api/analytics/users/registered?interval=day`

/** What the store kept each day of the last 30 (paid, less refunds made that day), from the analytics service. */
export function NetRevenueChart() {
  const revenue = useApi<RevenueReport>(revenuePath)
  if (revenue.loaded.state === 'loading')
    return <div className="skeleton" style={{ height: '12rem' }} aria-busy="true" />
  if (revenue.loaded.state === 'failed')
    return <LoadError message="We could not load the revenue chart." retry={revenue.reload} />
  const report = revenue.loaded.data
  const series = report.buckets.map((b) => ({ date: b.period, value: toCents(b.net) }))
  return (
    <div className="analytics-chart">
      <BarChart
        caption={`Net revenue, last ${DAYS} days`}
        bars={dailyBars(series, DAYS)}
        format={(cents) => formatCents(cents, report.currency)}
        empty={`No sales in the last ${DAYS} days.`}
      />
      <a className="csv-link" href={`${revenuePath}&format=csv`} download>
        Download revenue (CSV)
      </a>
    </div>
  )
}

/** Accounts opened each day of the last 30 (ambassadors, shoppers and admins), from the analytics service. */
export function SignUpsChart() {
  const signUps = useApi<RegistrationsReport>(signUpsPath)
  if (signUps.loaded.state === 'loading')
    return <div className="skeleton" style={{ height: '12rem' }} aria-busy="true" />
  if (signUps.loaded.state === 'failed')
    return <LoadError message="We could not load the sign-ups chart." retry={signUps.reload} />
  const series = signUps.loaded.data.buckets.map((b) => ({ date: b.period, value: b.total }))
  return (
    <div className="analytics-chart">
      <BarChart
        caption={`Sign-ups, last ${DAYS} days`}
        bars={dailyBars(series, DAYS)}
        format={(count) => `${count} ${count === 1 ? 'account' : 'accounts'}`}
        empty={`No one signed up in the last ${DAYS} days.`}
      />
      <a className="csv-link" href={`${signUpsPath}&format=csv`} download>
        Download sign-ups (CSV)
      </a>
    </div>
  )
}
