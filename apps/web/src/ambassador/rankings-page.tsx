import { formatCents, toCents } from '../checkout/order.ts'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { Leaderboard } from './leaderboard.tsx'
import { useMe } from './me.ts'

/** Every ambassador by commission earned, with my own place highlighted; below, the leaderboard by period. */
export function RankingsPage() {
  const { me } = useMe()
  const { loaded, reload } = useApi<Record<string, number>>('/api/ambassador/rankings')
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  const myName = `${me.first_name} ${me.last_name}`
  const entries = Object.entries(loaded.data)
  const mine = entries.findIndex(([name, revenue]) => name === myName && toCents(revenue) === toCents(me.revenue))
  return (
    <section aria-labelledby="rankings-title">
      <h1 id="rankings-title">Rankings</h1>
      {mine >= 0 && (
        <p className="muted">
          You are number {mine + 1} of {entries.length}.
        </p>
      )}
      <ol className="card rankings">
        {entries.map(([name, revenue], index) => (
          <li
            key={name}
            className={index === mine ? 'me' : undefined}
            aria-current={index === mine ? 'true' : undefined}
          >
            <span className="rank">#{index + 1}</span>
            <span className="who">
              {name}
              {index === mine && <span className="badge">You</span>}
            </span>
            <span className="num">{formatCents(toCents(revenue))}</span>
          </li>
        ))}
      </ol>
      <Leaderboard />
    </section>
  )
}
