import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { ledgerEntries, linkDailyStats, linkStats, links } from '../schema.ts'
import { type AmbassadorContext, RANKINGS_SCOPE, rebuildRankings, statsScope } from '../stats.ts'
import { COMMISSION_KINDS } from './record.ts'

type Tally = { orders: number; revenue_minor: number }
/** One stats row that differs between the tables and the ledger: a link's total (day null) or one of its days. */
export type StatsChange = { link_id: string; day: string | null; before: Tally | null; after: Tally | null }
/** What a rebuild found: how many links the ledger has orders for, and every row it changed (or would change). */
export type RebuildReport = { links: number; changed: StatsChange[] }

type Row = { linkId: string; day: string | null; ordersCount: number; revenueMinor: number }

/**
 * Recomputes `link_stats` and `link_daily_stats` from the ledger, as the live consumers build them: an order counts
 * once for its link on the UTC day it completed; its commission is what its lines accrued less what refunds reversed,
 * and a refund lands on the day its order completed (it lowers the revenue, never the count). Compares first; unless
 * `check`, replaces both tables in one transaction and then the rankings from the same sums.
 */
export async function rebuildStatsFromLedger(
  ctx: AmbassadorContext,
  { check = false }: { check?: boolean } = {},
): Promise<RebuildReport> {
  const report = await ctx.db.transaction(async (tx) => {
    // Live consumers write the stats before the ledger in one transaction: holding the stats still makes the ledger
    // read below complete and consistent with what the tables would have had.
    await tx.execute(sql`LOCK TABLE ${linkStats}, ${linkDailyStats} IN EXCLUSIVE MODE`)
    const completion = tx.$with('completion').as(
      tx
        .select({
          orderId: ledgerEntries.orderId,
          day: sql<string>`to_char(min(${ledgerEntries.occurredAt}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('day'),
        })
        .from(ledgerEntries)
        .where(eq(ledgerEntries.kind, 'accrual'))
        .groupBy(ledgerEntries.orderId),
    )
    const daily: Row[] = await tx
      .with(completion)
      .select({
        linkId: sql<string>`${ledgerEntries.linkId}`,
        day: completion.day,
        ordersCount:
          sql<number>`count(DISTINCT ${ledgerEntries.orderId}) FILTER (WHERE ${ledgerEntries.kind} = 'accrual')`.mapWith(
            Number,
          ),
        revenueMinor:
          sql<number>`sum(${ledgerEntries.pendingMinor} + ${ledgerEntries.approvedMinor} + ${ledgerEntries.paidMinor})`.mapWith(
            Number,
          ),
      })
      .from(ledgerEntries)
      .innerJoin(completion, eq(completion.orderId, ledgerEntries.orderId))
      .where(and(COMMISSION_KINDS, isNotNull(ledgerEntries.linkId)))
      .groupBy(ledgerEntries.linkId, completion.day)
      .orderBy(asc(ledgerEntries.linkId), asc(completion.day))
    const totals = new Map<string, Row>()
    for (const row of daily) {
      const total = totals.get(row.linkId) ?? { linkId: row.linkId, day: null, ordersCount: 0, revenueMinor: 0 }
      total.ordersCount += row.ordersCount
      total.revenueMinor += row.revenueMinor
      totals.set(row.linkId, total)
    }
    const currentTotals = await tx
      .select({ linkId: linkStats.linkId, ordersCount: linkStats.ordersCount, revenueMinor: linkStats.revenueMinor })
      .from(linkStats)
    const currentDaily = await tx
      .select({
        linkId: linkDailyStats.linkId,
        day: linkDailyStats.day,
        ordersCount: linkDailyStats.ordersCount,
        revenueMinor: linkDailyStats.revenueMinor,
      })
      .from(linkDailyStats)
    const changed = [
      ...differences(
        currentTotals.map((r) => ({ ...r, day: null })),
        [...totals.values()],
      ),
      ...differences(currentDaily, daily),
    ]
    if (!check && changed.length > 0) {
      await tx.delete(linkStats)
      await tx.delete(linkDailyStats)
      if (totals.size > 0) {
        await tx.insert(linkStats).values(
          [...totals.values()].map(({ linkId, ordersCount, revenueMinor }) => ({
            linkId,
            ordersCount,
            revenueMinor,
          })),
        )
        await tx.insert(linkDailyStats).values(
          daily.map(({ linkId, day, ordersCount, revenueMinor }) => ({
            linkId,
            day: day as string,
            ordersCount,
            revenueMinor,
          })),
        )
      }
    }
    return { links: totals.size, changed }
  })
  if (check) return report
  // After the commit, from the tables just written: the rankings are the same sums the stats now hold.
  await rebuildRankings(ctx)
  const changedLinks = [...new Set(report.changed.map((c) => c.link_id))]
  if (changedLinks.length > 0) {
    const owners = await ctx.db
      .selectDistinct({ userId: links.userId })
      .from(links)
      .where(inArray(links.id, changedLinks))
    await ctx.cache.invalidate(...owners.map((o) => statsScope(o.userId)), RANKINGS_SCOPE)
  }
  return report
}

/**
 * Each ambassador's net commission in the ledger — what their orders' lines accrued less what refunds reversed (as
 * users' running `revenue` counts it: manual adjustments and payouts are not sales; a restored commission is) — for
 * the users service's rebuild.
 */
export async function netCommissionByAmbassador(ctx: AmbassadorContext): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({
      ambassadorId: ledgerEntries.ambassadorId,
      net: sql<number>`sum(${ledgerEntries.pendingMinor} + ${ledgerEntries.approvedMinor} + ${ledgerEntries.paidMinor})`.mapWith(
        Number,
      ),
    })
    .from(ledgerEntries)
    .where(COMMISSION_KINDS)
    .groupBy(ledgerEntries.ambassadorId)
  return new Map(rows.map((row) => [row.ambassadorId, row.net]))
}

/** Every row whose count or revenue differs between `before` and `after`, missing rows counting as absent. */
function differences(before: Row[], after: Row[]): StatsChange[] {
  const key = (row: Row) => `${row.linkId} ${row.day ?? ''}`
  const was = new Map(before.map((row) => [key(row), row]))
  const is = new Map(after.map((row) => [key(row), row]))
  const changes: StatsChange[] = []
  for (const k of new Set([...was.keys(), ...is.keys()])) {
    const old = was.get(k)
    const now = is.get(k)
    if (old && now && old.ordersCount === now.ordersCount && old.revenueMinor === now.revenueMinor) continue
    const row = (now ?? old) as Row
    changes.push({ link_id: row.linkId, day: row.day, before: tally(old), after: tally(now) })
  }
  return changes.sort((a, b) => a.link_id.localeCompare(b.link_id) || (a.day ?? '').localeCompare(b.day ?? ''))
}

function tally(row: Row | undefined): Tally | null {
  return row ? { orders: row.ordersCount, revenue_minor: row.revenueMinor } : null
}
