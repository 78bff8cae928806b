import type { AdminLeaderboard, AmbassadorLeaderboard, LeaderboardPeriod } from '@ambassador/contracts/http'
import { toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { type SQL, sql } from 'drizzle-orm'
import { ledgerEntries, users } from '../schema.ts'

const DAY_MS = 86_400_000

/**
 * The cache scope of the leaderboards. Nothing invalidates it: the ledger's writers (consumers, the maturity worker,
 * adjustments) do not know about it, so a board is at most LEADERBOARD_TTL_SECONDS old — the maturity worker itself
 * only approves every 5 s.
 */
export const LEADERBOARD_SCOPE = 'ambassador:leaderboard'
export const LEADERBOARD_TTL_SECONDS = 5

/** Where a period starts (inclusive) and ends (exclusive), in UTC; both null for all time. */
export type PeriodBounds = { from: Date | null; to: Date | null }

/** The ISO week (from Monday 00:00 UTC) or the UTC calendar month that holds `now`, or all time. */
export function periodBounds(period: LeaderboardPeriod, now: Date): PeriodBounds {
  const year = now.getUTCFullYear()
  const month = now.getUTCMonth()
  if (period === 'month')
    return { from: new Date(Date.UTC(year, month, 1)), to: new Date(Date.UTC(year, month + 1, 1)) }
  if (period === 'week') {
    const daysSinceMonday = (now.getUTCDay() + 6) % 7
    const from = new Date(Date.UTC(year, month, now.getUTCDate() - daysSinceMonday))
    return { from, to: new Date(from.getTime() + 7 * DAY_MS) }
  }
  return { from: null, to: null }
}

type Row = { ambassador_id: string; name: string; net: string; rank: string; position: string; ranked: string }

/**
 * Every ambassador's approved net commission in the period — the `approved_minor` of their approvals, reversals
 * and adjustments there (never payouts: paying money out is no loss of earnings) — ranked in SQL: equal amounts
 * share a rank, and rows are ordered by amount, then name, then id. Only ambassadors whose net is not zero are on
 * the board (a refund after approval can make a period's net negative: such rows come last). Returns the first
 * `limit` rows, plus `me`'s row wherever it is.
 */
async function rankApprovedNet(
  ctx: ServiceContext,
  bounds: PeriodBounds,
  limit: number,
  me: string | null,
): Promise<{ rows: Row[]; ranked: number }> {
  const result = await ctx.db.execute<Row>(approvedNetRanking(ctx.config.currency, bounds, limit, me))
  return { rows: result.rows, ranked: Number(result.rows[0]?.ranked ?? 0) }
}

/** The statement behind the boards (exported so a test can EXPLAIN it). */
export function approvedNetRanking(currency: string, bounds: PeriodBounds, limit: number, me: string | null): SQL {
  const from = bounds.from === null ? sql.empty() : sql`AND e.occurred_at >= ${bounds.from.toISOString()}`
  const to = bounds.to === null ? sql.empty() : sql`AND e.occurred_at < ${bounds.to.toISOString()}`
  // The kind list matches the partial index ledger_entries_approved_moves word for word, so the planner can use it.
  return sql`
    WITH totals AS (
      SELECT e.ambassador_id, sum(e.approved_minor) AS net
      FROM ${ledgerEntries} e
      WHERE e.kind IN ('approval', 'reversal', 'adjustment') AND e.currency = ${currency} ${from} ${to}
      GROUP BY e.ambassador_id
      HAVING sum(e.approved_minor) <> 0
    ), ranked AS (
      SELECT t.ambassador_id, u.first_name || ' ' || u.last_name AS name, t.net,
        rank() OVER (ORDER BY t.net DESC) AS rank,
        row_number() OVER (ORDER BY t.net DESC, u.first_name || ' ' || u.last_name, t.ambassador_id) AS position,
        count(*) OVER () AS ranked
      FROM totals t JOIN ${users} u ON u.id = t.ambassador_id AND u.role = 'ambassador'
    )
    SELECT ambassador_id, name, net, rank, position, ranked FROM ranked
    WHERE position <= ${limit} OR ambassador_id = ${me}
    ORDER BY position`
}

function frameOf(ctx: ServiceContext, period: LeaderboardPeriod, bounds: PeriodBounds, ranked: number) {
  return {
    period,
    currency: ctx.config.currency,
    from: bounds.from?.toISOString() ?? null,
    to: bounds.to?.toISOString() ?? null,
    ranked,
  }
}

const fieldsOf = (row: Row) => ({ rank: Number(row.rank), name: row.name, amount: toMajor(Number(row.net)) })

/** The board an ambassador sees: the top `limit` of the period, with their own row even when it is further down. */
export async function ambassadorLeaderboard(
  ctx: ServiceContext,
  ambassadorId: string,
  period: LeaderboardPeriod,
  limit: number,
): Promise<AmbassadorLeaderboard> {
  const bounds = periodBounds(period, ctx.clock.now())
  const { rows, ranked } = await rankApprovedNet(ctx, bounds, limit, ambassadorId)
  const mine = rows.find((row) => row.ambassador_id === ambassadorId)
  return {
    ...frameOf(ctx, period, bounds, ranked),
    rows: rows
      .filter((row) => Number(row.position) <= limit)
      .map((row) => ({ ...fieldsOf(row), you: row.ambassador_id === ambassadorId })),
    you: mine ? fieldsOf(mine) : null,
  }
}

/** The board an admin sees: the top `limit` of the period, with each ambassador's id. */
export async function adminLeaderboard(
  ctx: ServiceContext,
  period: LeaderboardPeriod,
  limit: number,
): Promise<AdminLeaderboard> {
  const bounds = periodBounds(period, ctx.clock.now())
  const { rows, ranked } = await rankApprovedNet(ctx, bounds, limit, null)
  return {
    ...frameOf(ctx, period, bounds, ranked),
    rows: rows.map((row) => ({ ...fieldsOf(row), ambassador_id: row.ambassador_id })),
  }
}
