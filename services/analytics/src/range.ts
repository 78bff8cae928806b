import type { Interval } from '@ambassador/contracts/analytics'
import { badRequest } from '@ambassador/kit/errors/errors'
import { addDays, bucketCount, daysBetween, utcDay } from './buckets.ts'

/** The longest range a report covers: ten years. */
export const MAX_RANGE_DAYS = 3_660
/** The most buckets a report answers (a year of days). */
export const MAX_BUCKETS = 366

/** How far back a report looks when no `from` is given: 30 days, 12 weeks or 12 months up to `to`. */
const DEFAULT_SPAN_DAYS: Record<Interval, number> = { day: 30, week: 7 * 12, month: 365 }

export type DayRange = { from: string; to: string }

/**
 * The days a report covers: `to` defaults to today (UTC), `from` to a span before it. A `from` after `to`, or a
 * range longer than ten years or of more than 366 buckets, is a 400 with a code the client can act on.
 */
export function reportRange(
  query: { from?: string | undefined; to?: string | undefined },
  today: Date,
  interval: Interval = 'day',
): DayRange {
  const to = query.to ?? utcDay(today)
  const from = query.from ?? addDays(to, -(DEFAULT_SPAN_DAYS[interval] - 1))
  if (from > to) throw badRequest(`from (${from}) is after to (${to})`, 'invalid_range')
  if (daysBetween(from, to) > MAX_RANGE_DAYS) {
    throw badRequest(`A report covers at most ${MAX_RANGE_DAYS} days`, 'range_too_large')
  }
  if (bucketCount(from, to, interval) > MAX_BUCKETS) {
    throw badRequest(
      `A report has at most ${MAX_BUCKETS} buckets: choose a larger interval or a shorter range`,
      'range_too_large',
    )
  }
  return { from, to }
}

/** Where a range of days starts and ends as moments: [from 00:00 UTC, the day after `to` 00:00 UTC). */
export function rangeMoments(range: DayRange): { since: string; until: string } {
  return { since: `${range.from}T00:00:00.000Z`, until: `${addDays(range.to, 1)}T00:00:00.000Z` }
}
