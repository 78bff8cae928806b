import type { Interval } from '@ambassador/contracts/analytics'

const DAY_MS = 86_400_000

/** A bucket of a report: its natural first day (`period`) and the days of the asked range it covers (inclusive). */
export type Bucket = { period: string; start: string; end: string }

/** The UTC day (`YYYY-MM-DD`) a moment falls on. */
export function utcDay(moment: string | Date): string {
  return new Date(moment).toISOString().slice(0, 10)
}

const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`)
const fromTime = (time: number) => new Date(time).toISOString().slice(0, 10)

/** `day` moved by `days` (negative: earlier). */
export function addDays(day: string, days: number): string {
  return fromTime(toTime(day) + days * DAY_MS)
}

/** How many days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toTime(to) - toTime(from)) / DAY_MS) + 1
}

/** The first day of the day, week (ISO: Monday) or month `day` falls in. */
export function periodOf(day: string, interval: Interval): string {
  if (interval === 'day') return day
  const date = new Date(toTime(day))
  if (interval === 'month') return fromTime(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1))
  const sinceMonday = (date.getUTCDay() + 6) % 7
  return addDays(day, -sinceMonday)
}

/** The first day of the period after the one starting at `period`. */
function nextPeriod(period: string, interval: Interval): string {
  if (interval === 'day') return addDays(period, 1)
  if (interval === 'week') return addDays(period, 7)
  const date = new Date(toTime(period))
  return fromTime(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1))
}

/** Every bucket from `from` to `to`, none missing: the first and last cover only the days inside the range. */
export function bucketsBetween(from: string, to: string, interval: Interval): Bucket[] {
  const buckets: Bucket[] = []
  for (let period = periodOf(from, interval); period <= to; period = nextPeriod(period, interval)) {
    const last = addDays(nextPeriod(period, interval), -1)
    buckets.push({ period, start: period < from ? from : period, end: last > to ? to : last })
  }
  return buckets
}

/** How many buckets the range makes, without listing them. */
export function bucketCount(from: string, to: string, interval: Interval): number {
  if (interval === 'day') return daysBetween(from, to)
  if (interval === 'week') return Math.round(daysBetween(periodOf(from, 'week'), periodOf(to, 'week')) / 7) + 1
  const [fromYear = 0, fromMonth = 0] = from.split('-').map(Number)
  const [toYear = 0, toMonth = 0] = to.split('-').map(Number)
  return (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1
}

/**
 * Adds up rows kept per day into the buckets of a range: every bucket is there, with zeros where no day had any.
 * `rows` are days inside the range; `figures` names the numbers to add.
 */
export function fillBuckets<F extends string>(
  buckets: Bucket[],
  interval: Interval,
  rows: ({ day: string } & Record<F, number>)[],
  figures: readonly F[],
): (Bucket & Record<F, number>)[] {
  const sums = new Map(buckets.map((bucket) => [bucket.period, new Map(figures.map((figure) => [figure, 0]))]))
  for (const row of rows) {
    const sum = sums.get(periodOf(row.day, interval))
    for (const figure of figures) sum?.set(figure, (sum.get(figure) ?? 0) + row[figure])
  }
  return buckets.map((bucket) => ({
    ...bucket,
    ...(Object.fromEntries(sums.get(bucket.period) ?? []) as Record<F, number>),
  }))
}
