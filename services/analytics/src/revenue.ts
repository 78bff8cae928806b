import type { Interval, RevenueReport } from '@ambassador/contracts/analytics'
import { toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, between, eq, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { type Bucket, bucketsBetween, fillBuckets } from './buckets.ts'
import type { DayRange } from './range.ts'
import { dailyRevenue } from './schema.ts'

const FIGURES = ['orders', 'revenueMinor', 'refunds', 'refundedMinor', 'commissionMinor'] as const
type Figures = Record<(typeof FIGURES)[number], number>

/**
 * The store's money per day, week or month of the range in one currency: orders completed and what they paid,
 * refunds and what they gave back, what stays (net), and the ambassadors' commission after reversals and restores.
 */
export async function revenueReport(
  ctx: ServiceContext,
  range: DayRange,
  interval: Interval,
  currency: string,
): Promise<RevenueReport> {
  const total = (column: AnyPgColumn) => sql<number>`sum(${column})`.mapWith(Number)
  const rows = await ctx.db
    .select({
      day: dailyRevenue.day,
      orders: total(dailyRevenue.orders),
      revenueMinor: total(dailyRevenue.revenueMinor),
      refunds: total(dailyRevenue.refunds),
      refundedMinor: total(dailyRevenue.refundedMinor),
      commissionMinor:
        sql<number>`sum(${dailyRevenue.commissionMinor} - ${dailyRevenue.commissionReversedMinor} + ${dailyRevenue.commissionRestoredMinor})`.mapWith(
          Number,
        ),
    })
    .from(dailyRevenue)
    .where(and(eq(dailyRevenue.currency, currency), between(dailyRevenue.day, range.from, range.to)))
    .groupBy(dailyRevenue.day)
  const buckets = fillBuckets(bucketsBetween(range.from, range.to, interval), interval, rows, FIGURES)
  const sums = Object.fromEntries(
    FIGURES.map((figure) => [figure, buckets.reduce((sum, bucket) => sum + bucket[figure], 0)]),
  ) as Figures
  return { currency, interval, ...range, totals: inMajorUnits(sums), buckets: buckets.map(inMajorUnits) }
}

function inMajorUnits<B extends Figures & Partial<Bucket>>(figures: B) {
  const { orders, revenueMinor, refunds, refundedMinor, commissionMinor, ...rest } = figures
  return {
    ...rest,
    orders,
    revenue: toMajor(revenueMinor),
    refunds,
    refunded: toMajor(refundedMinor),
    net: toMajor(revenueMinor - refundedMinor),
    commission: toMajor(commissionMinor),
  }
}

export const REVENUE_COLUMNS = [
  'period',
  'start',
  'end',
  'orders',
  'revenue',
  'refunds',
  'refunded',
  'net',
  'commission',
] as const
