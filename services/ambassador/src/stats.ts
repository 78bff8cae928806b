import type { OrderCommissionRestoredData, OrderCompletedData, OrderRefundedData } from '@ambassador/contracts/events'
import { utcDayStart } from '@ambassador/kit/clock/clock'
import { notFound } from '@ambassador/kit/errors/errors'
import { isUuid } from '@ambassador/kit/ids/ids'
import type { Leaderboard, Ranked } from '@ambassador/kit/leaderboard/leaderboard'
import { toMajor } from '@ambassador/kit/money/money'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm'
import { linkDailyStats, linkStats, links, users } from './schema.ts'

/** The cache scope of one ambassador's link stats: moved on by each of their orders and each new link. */
export const statsScope = (ambassadorId: string) => `ambassador:stats:${ambassadorId}`
/** The cache scope of the rankings: moved on by every order and every change of name. */
export const RANKINGS_SCOPE = 'ambassador:rankings'

/** The ambassador service's context: its kit context plus the revenue leaderboard (a Redis sorted set when distributed). */
export type AmbassadorContext = ServiceContext & { leaderboard: Leaderboard }

/** Counts a completed order and its commission for its link (applied once per event by the inbox). */
export async function recordLinkOrder(ctx: ConsumerContext<AmbassadorContext>, order: OrderCompletedData) {
  const linkId = order.link_id
  const ambassadorId = order.ambassador_id
  if (linkId === null || ambassadorId === null) return // a shop order no ambassador referred
  if (!isUuid(linkId)) {
    ctx.log.warn({ orderId: order.id, linkId }, 'completed order names no valid link; not counted')
    return
  }
  const revenueMinor = order.ambassador_revenue_minor
  const total = ctx.db
    .insert(linkStats)
    .values({ linkId, ordersCount: 1, revenueMinor })
    .onConflictDoUpdate({
      target: linkStats.linkId,
      set: {
        ordersCount: sql`${linkStats.ordersCount} + 1`,
        revenueMinor: sql`${linkStats.revenueMinor} + ${revenueMinor}`,
      },
    })
    .returning({ linkId: linkStats.linkId })
  // The UTC calendar day the order completed on (completed_at is an ISO timestamp in UTC).
  const day = new Date(order.completed_at).toISOString().slice(0, 10)
  const daily = ctx.db
    .insert(linkDailyStats)
    .values({ linkId, day, ordersCount: 1, revenueMinor })
    .onConflictDoUpdate({
      target: [linkDailyStats.linkId, linkDailyStats.day],
      set: {
        ordersCount: sql`${linkDailyStats.ordersCount} + 1`,
        revenueMinor: sql`${linkDailyStats.revenueMinor} + ${revenueMinor}`,
      },
    })
    .returning({ linkId: linkDailyStats.linkId })
  await ctx.db.execute(sql`WITH total AS ${total}, daily AS ${daily} SELECT 1`) // one round trip for both
  // After the commit, so the leaderboard never counts an order the database rolled back. A lost increment
  // (crash, Redis down) is repaired by the rebuild at start and whenever Redis returns.
  ctx.afterCommit(async () => {
    try {
      await ctx.leaderboard.increment(ambassadorId, revenueMinor)
    } finally {
      // After the increment (a rankings read in between would cache the old score), but whatever became of it:
      // the stats come from the database, which has the order.
      await ctx.cache.invalidate(statsScope(ambassadorId), RANKINGS_SCOPE)
    }
  })
}

/**
 * Takes a refund's reversed commission back out of its link's stats, on the day its order completed (the day that
 * counted it), and out of the rankings. The order still counts as an order; its commission is net of the refund.
 */
export async function recordLinkRefund(ctx: ConsumerContext<AmbassadorContext>, refund: OrderRefundedData) {
  const linkId = refund.link_id
  const ambassadorId = refund.ambassador_id
  if (linkId === null || ambassadorId === null || !isUuid(linkId)) return
  await moveLinkRevenue(
    ctx,
    { linkId, ambassadorId, completedAt: refund.order_completed_at },
    -refund.ambassador_revenue_minor,
  )
}

/**
 * Adds a commission an admin restored on an order (order.commission_restored) to its link's stats, on the day the
 * order completed, and to the rankings. The order was counted when it completed, with no commission.
 */
export async function recordLinkRestoration(
  ctx: ConsumerContext<AmbassadorContext>,
  restored: OrderCommissionRestoredData,
) {
  const linkId = restored.link_id
  if (linkId === null || !isUuid(linkId)) return
  const order = { linkId, ambassadorId: restored.ambassador_id, completedAt: restored.order_completed_at }
  await moveLinkRevenue(ctx, order, restored.ambassador_revenue_minor)
}

/** Moves a link's commission (total and on its order's day) and its ambassador's ranking by `minor`, either way. */
async function moveLinkRevenue(
  ctx: ConsumerContext<AmbassadorContext>,
  order: { linkId: string; ambassadorId: string; completedAt: string },
  minor: number,
) {
  const { linkId, ambassadorId } = order
  const total = ctx.db
    .insert(linkStats)
    .values({ linkId, ordersCount: 0, revenueMinor: minor })
    .onConflictDoUpdate({
      target: linkStats.linkId,
      set: { revenueMinor: sql`${linkStats.revenueMinor} + ${minor}` },
    })
    .returning({ linkId: linkStats.linkId })
  const day = new Date(order.completedAt).toISOString().slice(0, 10)
  const daily = ctx.db
    .insert(linkDailyStats)
    .values({ linkId, day, ordersCount: 0, revenueMinor: minor })
    .onConflictDoUpdate({
      target: [linkDailyStats.linkId, linkDailyStats.day],
      set: { revenueMinor: sql`${linkDailyStats.revenueMinor} + ${minor}` },
    })
    .returning({ linkId: linkDailyStats.linkId })
  await ctx.db.execute(sql`WITH total AS ${total}, daily AS ${daily} SELECT 1`)
  ctx.afterCommit(async () => {
    try {
      await ctx.leaderboard.increment(ambassadorId, minor)
    } finally {
      await ctx.cache.invalidate(statsScope(ambassadorId), RANKINGS_SCOPE)
    }
  })
}

/** Each of an ambassador's links, newest first, with its completed orders and the commission they earned. */
export async function linkStatsOf(ctx: ServiceContext, ambassadorId: string) {
  const rows = await ctx.db
    .select({
      linkId: links.id,
      code: links.code,
      count: sql<number>`coalesce(${linkStats.ordersCount}, 0)`.mapWith(Number),
      revenueMinor: sql<number>`coalesce(${linkStats.revenueMinor}, 0)`.mapWith(Number),
    })
    .from(links)
    .leftJoin(linkStats, eq(linkStats.linkId, links.id))
    .where(eq(links.userId, ambassadorId))
    .orderBy(desc(links.createdAt), desc(links.id))
  return rows.map((r) => ({ code: r.code, count: r.count, revenue: toMajor(r.revenueMinor), link_id: r.linkId }))
}

/**
 * What an ambassador earned per UTC day over the last `days` days (today included), across all their links or
 * only the one with `code` (which must be theirs). Only days with orders, oldest first.
 */
export async function dailyEarningsOf(ctx: ServiceContext, ambassadorId: string, days: number, code?: string) {
  const since = utcDayStart(ctx.clock.now(), days - 1)
  const scope =
    code === undefined
      ? inArray(
          linkDailyStats.linkId,
          ctx.db.select({ id: links.id }).from(links).where(eq(links.userId, ambassadorId)),
        )
      : eq(linkDailyStats.linkId, await ownLinkId(ctx, ambassadorId, code))
  const rows = await ctx.db
    .select({
      day: linkDailyStats.day,
      count: sql<number>`sum(${linkDailyStats.ordersCount})`.mapWith(Number),
      revenueMinor: sql<number>`sum(${linkDailyStats.revenueMinor})`.mapWith(Number),
    })
    .from(linkDailyStats)
    .where(and(scope, gte(linkDailyStats.day, since.toISOString().slice(0, 10))))
    .groupBy(linkDailyStats.day)
    .orderBy(asc(linkDailyStats.day))
  return rows.map((r) => ({ date: r.day, count: r.count, revenue: toMajor(r.revenueMinor) }))
}

/** The id of the ambassador's link with `code`; someone else's link is as unknown as a missing one. */
async function ownLinkId(ctx: ServiceContext, ambassadorId: string, code: string): Promise<string> {
  const [link] = await ctx.db
    .select({ id: links.id })
    .from(links)
    .where(and(eq(links.userId, ambassadorId), eq(links.code, code)))
  if (!link) throw notFound('You have no link with this code')
  return link.id
}

/**
 * Every ambassador's total commission, highest first (ties by name), keyed "First Last". A name already used
 * gets " (2)", " (3)"… so each ambassador keeps a key of their own. Scores come from the leaderboard, names are
 * resolved at read (a rename shows at once); while the leaderboard cannot answer, the database does.
 */
const byName = new Intl.Collator()

export async function revenueRankings(ctx: AmbassadorContext): Promise<Record<string, number>> {
  const ranked = await ctx.leaderboard.ranked()
  const ambassadors = await ctx.db
    .select({ id: users.id, name: sql<string>`${users.firstName} || ' ' || ${users.lastName}` })
    .from(users)
    .where(eq(users.role, 'ambassador'))
  const scores = new Map((ranked ?? (await revenueByAmbassador(ctx))).map((r) => [r.member, r.score]))
  const rows = ambassadors
    .map((a) => ({ ...a, revenueMinor: scores.get(a.id) ?? 0 }))
    .sort((a, b) => b.revenueMinor - a.revenueMinor || byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1))
  // Keys always hold a space ("First Last"), so none looks like an array index and JSON keeps this order.
  const used = new Set<string>()
  const entries = rows.map((row): [string, number] => {
    let key = row.name
    for (let n = 2; used.has(key); n++) key = `${row.name} (${n})`
    used.add(key)
    return [key, toMajor(row.revenueMinor)]
  })
  return Object.fromEntries(entries)
}

/** Each ambassador's total commission from this service's own tables: the truth the leaderboard is rebuilt from. */
export async function revenueByAmbassador(ctx: ServiceContext): Promise<Ranked[]> {
  const rows = await ctx.db
    .select({ member: links.userId, score: sql<number>`sum(${linkStats.revenueMinor})`.mapWith(Number) })
    .from(linkStats)
    .innerJoin(links, eq(links.id, linkStats.linkId))
    .groupBy(links.userId)
  return rows.filter((r) => r.score > 0)
}

/** Replaces the leaderboard with the totals in the database (at start, when Redis returns, from the CLI). */
export async function rebuildRankings(ctx: AmbassadorContext): Promise<number> {
  const totals = await revenueByAmbassador(ctx)
  await ctx.leaderboard.replace(totals)
  await ctx.cache.invalidate(RANKINGS_SCOPE)
  return totals.length
}
