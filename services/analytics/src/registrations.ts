import type { Interval, RegistrationsReport } from '@ambassador/contracts/analytics'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, between, sql } from 'drizzle-orm'
import { bucketsBetween, fillBuckets } from './buckets.ts'
import type { DayRange } from './range.ts'
import { dailyRegistrations } from './schema.ts'

const ROLES = ['admin', 'ambassador', 'shopper'] as const

/** Accounts registered per day, week or month of the range, by role, every bucket present (zeros included). */
export async function registrationsReport(
  ctx: ServiceContext,
  range: DayRange,
  interval: Interval,
): Promise<RegistrationsReport> {
  const registered = (role: string) =>
    sql<number>`coalesce(sum(${dailyRegistrations.users}) filter (where ${dailyRegistrations.role} = ${role}), 0)`.mapWith(
      Number,
    )
  const rows = await ctx.db
    .select({
      day: dailyRegistrations.day,
      total: sql<number>`sum(${dailyRegistrations.users})`.mapWith(Number),
      admin: registered('admin'),
      ambassador: registered('ambassador'),
      shopper: registered('shopper'),
    })
    .from(dailyRegistrations)
    .where(and(between(dailyRegistrations.day, range.from, range.to)))
    .groupBy(dailyRegistrations.day)
  const buckets = fillBuckets(bucketsBetween(range.from, range.to, interval), interval, rows, ['total', ...ROLES])
  return {
    interval,
    ...range,
    total: buckets.reduce((sum, bucket) => sum + bucket.total, 0),
    buckets,
  }
}

export const REGISTRATION_COLUMNS = ['period', 'start', 'end', 'total', ...ROLES] as const
