import type { AmbassadorLeaderboard, LeaderboardPeriod } from '@ambassador/contracts/http'
import { useState } from 'react'
import { formatCents, toCents } from '../checkout/order.ts'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import './leaderboard.css'

const PERIODS: { value: LeaderboardPeriod; label: string }[] = [
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'all', label: 'All time' },
]
const LIMIT = 10

const IN_WORDS: Record<LeaderboardPeriod, string> = { week: 'this week', month: 'this month', all: 'so far' }

/**
 * The leaderboard on approved commission (past the return window, net of refunds and adjustments) for this week,
 * this month or all time, my own row highlighted — and shown under the top ten when I am further down.
 */
export function Leaderboard() {
  const [period, setPeriod] = useState<LeaderboardPeriod>('week')
  const { loaded, reload } = useApi<AmbassadorLeaderboard>(
    `/api/ambassador/leaderboard?period=${period}&limit=${LIMIT}`,
  )
  const board = loaded.state === 'ready' ? loaded.data : undefined
  // useApi keeps the last board while the next one loads: say so until it is the chosen period's.
  const busy = loaded.state === 'loading' || (board !== undefined && board.period !== period)
  return (
    <section className="leaderboard" aria-labelledby="leaderboard-title">
      <h2 id="leaderboard-title">Leaderboard</h2>
      <p className="muted">Approved commission, net of refunds. Equal amounts share a place.</p>
      <fieldset className="period-switch">
        <legend className="visually-hidden">Period</legend>
        {PERIODS.map((option) => (
          <label key={option.value}>
            <input
              type="radio"
              name="leaderboard-period"
              value={option.value}
              checked={period === option.value}
              onChange={() => setPeriod(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>
      {loaded.state === 'failed' ? (
        <LoadError message={loaded.error.message} retry={reload} />
      ) : (
        <div aria-busy={busy} aria-live="polite">
          {board === undefined ? <div className="skeleton" style={{ height: '6rem' }} /> : <BoardRows board={board} />}
        </div>
      )}
    </section>
  )
}

function BoardRows({ board }: { board: AmbassadorLeaderboard }) {
  const money = (amount: number) => formatCents(toCents(amount), board.currency)
  if (board.rows.length === 0) {
    return <p className="muted leaderboard-empty">No approved commission {IN_WORDS[board.period]} yet.</p>
  }
  const youBelow = board.you !== null && !board.rows.some((row) => row.you)
  return (
    <>
      {board.you && (
        <p className="muted">
          You are number {board.you.rank} of {board.ranked} {IN_WORDS[board.period]}.
        </p>
      )}
      <ol className="card rankings">
        {board.rows.map((row, index) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: rows carry no ambassador id (names may repeat); the board is replaced whole
            key={index}
            className={row.you ? 'me' : undefined}
            aria-current={row.you ? 'true' : undefined}
          >
            <span className="rank">#{row.rank}</span>
            <span className="who">
              {row.name}
              {row.you && <span className="badge">You</span>}
            </span>
            <span className="num">{money(row.amount)}</span>
          </li>
        ))}
        {youBelow && board.you && (
          <li className="me leaderboard-you" aria-current="true">
            <span className="rank">#{board.you.rank}</span>
            <span className="who">
              {board.you.name}
              <span className="badge">You</span>
            </span>
            <span className="num">{money(board.you.amount)}</span>
          </li>
        )}
      </ol>
    </>
  )
}
