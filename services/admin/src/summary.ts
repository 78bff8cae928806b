import type { StoreSummary } from '@ambassador/contracts/http'
import { utcDayStart } from '@ambassador/kit/clock/clock'
import { toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { count, desc, eq, gte, isNotNull, sql, sum } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Static } from 'typebox'
import { orders, users } from './schema.ts'

const TOP_AMBASSADORS = 5

/**
 * The store at a glance, computed in the database so the dashboard never downloads every order: totals,
 * what was paid per UTC day over the last `days` days (today included), and the ambassadors who earned most.
 */
export async function storeSummary(ctx: ServiceContext, days: number): Promise<Static<typeof StoreSummary>> {
  const since = utcDayStart(ctx.clock.now(), days - 1)
  // Every amount net of refunds: what was paid less what went back, and each share less its part of the refunds.
  const total = (column: AnyPgColumn, refunded: AnyPgColumn) =>
    sql<number>`coalesce(${sum(sql`${column} - ${refunded}`)}, 0)`.mapWith(Number)

  const [totals] = await ctx.db
    .select({
      orders: count(),
      paidMinor: total(orders.totalMinor, orders.refundedMinor),
      storeMinor: total(orders.adminRevenueMinor, orders.refundedAdminMinor),
      commissionMinor: total(orders.ambassadorRevenueMinor, orders.refundedAmbassadorMinor),
    })
    .from(orders)

  const day = sql<string>`to_char(${orders.completedAt} at time zone 'UTC', 'YYYY-MM-DD')`
  const daily = await ctx.db
    .select({ date: day, orders: count(), paidMinor: total(orders.totalMinor, orders.refundedMinor) })
    .from(orders)
    .where(gte(orders.completedAt, since.toISOString()))
    .groupBy(day)
    .orderBy(day)

  const commissionMinor = total(orders.ambassadorRevenueMinor, orders.refundedAmbassadorMinor)
  const top = await ctx.db
    .select({
      id: orders.ambassadorId,
      firstName: users.firstName,
      lastName: users.lastName,
      orders: count(),
      commissionMinor,
    })
    .from(orders)
    .leftJoin(users, eq(users.id, orders.ambassadorId))
    .where(isNotNull(orders.ambassadorId))
    .groupBy(orders.ambassadorId, users.firstName, users.lastName)
    .orderBy(desc(commissionMinor), orders.ambassadorId)
    .limit(TOP_AMBASSADORS)

  return {
    orders: totals?.orders ?? 0,
    revenue: toMajor(totals?.paidMinor ?? 0),
    store_revenue: toMajor(totals?.storeMinor ?? 0),
    commissions: toMajor(totals?.commissionMinor ?? 0),
    daily: daily.map((d) => ({ date: d.date, orders: d.orders, revenue: toMajor(d.paidMinor) })),
    top_ambassadors: top
      .flatMap((a) => (a.id === null ? [] : [{ ...a, id: a.id }]))
      .map((a) => ({
        id: a.id,
        // An order can arrive before its ambassador's account (another stream); the name follows when it does.
        name: a.firstName === null ? null : `${a.firstName} ${a.lastName}`,
        orders: a.orders,
        revenue: toMajor(a.commissionMinor),
      })),
  }
}
