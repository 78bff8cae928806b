import type { OrderCompletedData } from '@ambassador/contracts/events'
import { cached } from '@ambassador/kit/cache/cache'
import { isUuid } from '@ambassador/kit/ids/ids'
import { toMajor } from '@ambassador/kit/money/money'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { asc, desc, eq, sql } from 'drizzle-orm'
import { linkStats, links, users } from './schema.ts'

export const RANKINGS_CACHE_KEY = 'ambassador:rankings'
const CACHE_TTL_SECONDS = 300

/** Counts a completed order and its commission for its link (applied once per event by the inbox). */
export async function recordLinkOrder(ctx: ConsumerContext<ServiceContext>, order: OrderCompletedData) {
  if (!isUuid(order.link_id)) {
    ctx.log.warn({ orderId: order.id, linkId: order.link_id }, 'completed order names no valid link; not counted')
    return
  }
  const revenueMinor = order.ambassador_revenue_minor
  await ctx.db
    .insert(linkStats)
    .values({ linkId: order.link_id, ordersCount: 1, revenueMinor })
    .onConflictDoUpdate({
      target: linkStats.linkId,
      set: {
        ordersCount: sql`${linkStats.ordersCount} + 1`,
        revenueMinor: sql`${linkStats.revenueMinor} + ${revenueMinor}`,
      },
    })
  ctx.afterCommit(() => ctx.cache.invalidate(RANKINGS_CACHE_KEY))
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
 * Every ambassador's total commission, highest first (ties by name), keyed "First Last". A name already used
 * gets " (2)", " (3)"… so each ambassador keeps a key of their own. Cached until an order completes or a user changes.
 */
export async function revenueRankings(ctx: ServiceContext): Promise<Record<string, number>> {
  // Cached as pairs, not an object, so the order survives any serializer.
  const entries = await cached(ctx.cache, RANKINGS_CACHE_KEY, CACHE_TTL_SECONDS, () => rankAmbassadors(ctx))
  return Object.fromEntries(entries)
}

async function rankAmbassadors(ctx: ServiceContext): Promise<[string, number][]> {
  const name = sql<string>`${users.firstName} || ' ' || ${users.lastName}`
  const revenue = sql<number>`coalesce(sum(${linkStats.revenueMinor}), 0)`.mapWith(Number)
  const rows = await ctx.db
    .select({ name, revenueMinor: revenue })
    .from(users)
    .leftJoin(links, eq(links.userId, users.id))
    .leftJoin(linkStats, eq(linkStats.linkId, links.id))
    .where(eq(users.role, 'ambassador'))
    .groupBy(users.id)
    .orderBy(desc(revenue), asc(name), asc(users.id))
  // Keys always hold a space ("First Last"), so none looks like an array index and JSON keeps this order.
  const used = new Set<string>()
  return rows.map((row) => {
    let key = row.name
    for (let n = 2; used.has(key); n++) key = `${row.name} (${n})`
    used.add(key)
    return [key, toMajor(row.revenueMinor)]
  })
}
