import type { ClickFiguresRow, ClickStats, ClickStatsQuery } from '@ambassador/contracts/http'
import { utcDayStart } from '@ambassador/kit/clock/clock'
import { badRequest, notFound } from '@ambassador/kit/errors/errors'
import { toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, desc, eq, sql } from 'drizzle-orm'
import { clicks, conversions, links } from '../schema.ts'

const DAY_MS = 86_400_000
/** The longest range one answer covers (a leap year, both ends included). */
export const MAX_RANGE_DAYS = 366
const DEFAULT_RANGE_DAYS = 30

/** The UTC days a stats request covers, both included. */
export type DayRange = { from: string; to: string }

/** The range a query asks for: by default the 30 days up to today; a bad day, a reversed or too long range is a 400. */
export function rangeOf(query: Pick<ClickStatsQuery, 'from' | 'to'>, now: Date): DayRange {
  const to = query.to === undefined ? utcDayStart(now) : dayOf(query.to, 'to')
  const from =
    query.from === undefined ? new Date(to.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS) : dayOf(query.from, 'from')
  if (from > to) throw badRequest('from must be on or before to', 'invalid_range')
  const days = (to.getTime() - from.getTime()) / DAY_MS + 1
  if (days > MAX_RANGE_DAYS) {
    throw badRequest(`A range covers at most ${MAX_RANGE_DAYS} days; this one has ${days}`, 'range_too_long')
  }
  return { from: isoDay(from), to: isoDay(to) }
}

function dayOf(text: string, field: string): Date {
  const day = new Date(`${text}T00:00:00.000Z`)
  // "2025-02-30" parses as 2 March: only a day that reads back the same exists.
  if (Number.isNaN(day.getTime()) || isoDay(day) !== text) {
    throw badRequest(`${field} must be a day of the calendar, YYYY-MM-DD`, 'invalid_date')
  }
  return day
}

const isoDay = (day: Date) => day.toISOString().slice(0, 10)

type Dimension = 'total' | 'day' | 'source' | 'country' | 'link'
type ClickRow = { dimension: Dimension; key: string | null; clicks: number; visitors: number }
type OrderRow = { dimension: Dimension; key: string | null; orders: number; revenue: string; commission: string }

/** Which grouping set a row of the aggregates belongs to, and its key in it. */
const GROUPED = sql.raw(`
    CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(source_key) = 0 THEN 'source'
      WHEN GROUPING(country) = 0 THEN 'country' WHEN GROUPING(link) = 0 THEN 'link' ELSE 'total' END AS dimension,
    CASE WHEN GROUPING(day) = 0 THEN day WHEN GROUPING(source_key) = 0 THEN source_key
      WHEN GROUPING(country) = 0 THEN country WHEN GROUPING(link) = 0 THEN link END AS key`)

/**
 * An ambassador's clicks and the orders credited to their links over a range of UTC days — in all, per day, per
 * `utm_source`, per country and per link — for all their links or the one with code `link` (someone else's or an
 * unknown code is a 404). Two aggregate statements (clicks; orders joined to the click that brought them), each one
 * pass over an index range with GROUPING SETS.
 */
export async function clickStatsOf(
  ctx: ServiceContext,
  ambassadorId: string,
  query: ClickStatsQuery,
): Promise<ClickStats> {
  const range = rangeOf(query, ctx.clock.now())
  const ownLinks = await ctx.db
    .select({ id: links.id, code: links.code })
    .from(links)
    .where(and(eq(links.userId, ambassadorId), query.link === undefined ? undefined : eq(links.code, query.link)))
    .orderBy(desc(links.createdAt), desc(links.id))
  const only = query.link === undefined ? undefined : ownLinks[0]
  if (query.link !== undefined && !only) throw notFound('No link of this ambassador has this code', 'link_not_found')
  const start = `${range.from}T00:00:00.000Z`
  const end = new Date(new Date(`${range.to}T00:00:00.000Z`).getTime() + DAY_MS).toISOString()

  // Per link, always: a click's row keeps one index besides its key (the page's cost), and an ambassador's clicks are
  // their links' clicks.
  const linkIds = (only ? [only] : ownLinks).map((link) => link.id)
  const clickScope = sql`link_id = ANY(${`{${linkIds.join(',')}}`}::uuid[])`
  const orderScope = only ? sql`cv.link_id = ${only.id}::uuid` : sql`cv.ambassador_id = ${ambassadorId}::uuid`
  const [clickRows, orderRows] = await Promise.all([
    ctx.db.execute<ClickRow>(sql`
      SELECT ${GROUPED}, count(*)::int AS clicks, count(DISTINCT visitor_hash)::int AS visitors
      FROM (SELECT (clicked_at AT TIME ZONE 'UTC')::date::text AS day, utm_source AS source_key, country,
              link_id::text AS link, visitor_hash
            FROM ${clicks} WHERE ${clickScope} AND clicked_at >= ${start} AND clicked_at < ${end}) c
      GROUP BY GROUPING SETS ((), (day), (source_key), (country), (link))`),
    ctx.db.execute<OrderRow>(sql`
      SELECT ${GROUPED}, count(*)::int AS orders, sum(revenue_minor)::text AS revenue,
        sum(commission_minor)::text AS commission
      FROM (SELECT (cv.completed_at AT TIME ZONE 'UTC')::date::text AS day, k.utm_source AS source_key, k.country,
              cv.link_id::text AS link, cv.revenue_minor, cv.commission_minor
            FROM ${conversions} cv LEFT JOIN ${clicks} k ON k.id = cv.click_id
            WHERE ${orderScope} AND cv.completed AND cv.completed_at >= ${start} AND cv.completed_at < ${end}) o
      GROUP BY GROUPING SETS ((), (day), (source_key), (country), (link))`),
  ])

  const figures = new Map<string, Figures>()
  const at = (dimension: Dimension, key: string | null) => {
    const id = `${dimension}:${key ?? ''}`
    let found = figures.get(id)
    if (!found) {
      found = { clicks: 0, visitors: 0, orders: 0, revenueMinor: 0, commissionMinor: 0 }
      figures.set(id, found)
    }
    return found
  }
  // The sources and countries that have clicks or orders: only those are listed.
  const seen = { source: new Set<string | null>(), country: new Set<string | null>() }
  for (const row of clickRows.rows) {
    Object.assign(at(row.dimension, row.key), { clicks: row.clicks, visitors: row.visitors })
    if (row.dimension === 'source' || row.dimension === 'country') seen[row.dimension].add(row.key)
  }
  for (const row of orderRows.rows) {
    Object.assign(at(row.dimension, row.key), {
      orders: row.orders,
      revenueMinor: Number(row.revenue),
      commissionMinor: Number(row.commission),
    })
    if (row.dimension === 'source' || row.dimension === 'country') seen[row.dimension].add(row.key)
  }

  const row = (dimension: Dimension, key: string | null) => view(at(dimension, key))
  const mostClicked = <T extends ClickFiguresRow>(rows: T[], keyOf: (row: T) => string | null) =>
    rows.sort(
      (a, b) =>
        b.clicks - a.clicks ||
        b.orders - a.orders ||
        (keyOf(a) === null ? 1 : 0) - (keyOf(b) === null ? 1 : 0) ||
        String(keyOf(a)).localeCompare(String(keyOf(b))),
    )
  const days: string[] = []
  for (let day = new Date(start); isoDay(day) <= range.to; day = new Date(day.getTime() + DAY_MS))
    days.push(isoDay(day))
  return {
    from: range.from,
    to: range.to,
    link: only?.code ?? null,
    totals: row('total', null),
    by_day: days.map((date) => ({ date, ...row('day', date) })),
    by_source: mostClicked(
      [...seen.source].map((source) => ({ source, ...row('source', source) })),
      (r) => r.source,
    ),
    by_country: mostClicked(
      [...seen.country].map((country) => ({ country, ...row('country', country) })),
      (r) => r.country,
    ),
    by_link: ownLinks.map((link) => ({ link_id: link.id, code: link.code, ...row('link', link.id) })),
  }
}

type Figures = { clicks: number; visitors: number; orders: number; revenueMinor: number; commissionMinor: number }

function view(figures: Figures): ClickFiguresRow {
  return {
    clicks: figures.clicks,
    unique_visitors: figures.visitors,
    orders: figures.orders,
    conversion_rate: figures.clicks === 0 ? 0 : Math.round((figures.orders / figures.clicks) * 10_000) / 10_000,
    revenue: toMajor(figures.revenueMinor),
    commission: toMajor(figures.commissionMinor),
  }
}
