import type { FunnelAmbassador, FunnelLink, FunnelReport } from '@ambassador/contracts/analytics'
import { toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, between, eq, sql } from 'drizzle-orm'
import { type DayRange, rangeMoments } from './range.ts'
import { accounts, dailyLinkClicks, dailyReferrals, links } from './schema.ts'

/** The most links a funnel report lists (those that earned most); the ambassadors' totals count every link. */
export const MAX_FUNNEL_LINKS = 500

type Sums = {
  clicks: number
  orders: number
  clickedOrders: number
  revenueMinor: number
  refundedMinor: number
  commissionMinor: number
}

/**
 * What each ambassador's referral links brought in the range, and each link's own: links created (up to the end of
 * the range) → clicks (link.clicks_recorded, on the UTC day of the click) → orders (and how many came with their
 * click; their ratio to the clicks is the conversion rate) → revenue and refunds → commission (after reversals and
 * restores). Clicks have no currency: a link's are the same whatever currency is asked.
 */
export async function funnelReport(ctx: ServiceContext, range: DayRange, currency: string): Promise<FunnelReport> {
  const sum = (expression: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${expression}), 0)`.mapWith(Number)
  const referred = ctx.db
    .select({
      linkId: dailyReferrals.linkId,
      orders: sum(sql`${dailyReferrals.orders}`).as('orders'),
      clickedOrders: sum(sql`${dailyReferrals.clickedOrders}`).as('clicked_orders'),
      revenueMinor: sum(sql`${dailyReferrals.revenueMinor}`).as('revenue_minor'),
      refundedMinor: sum(sql`${dailyReferrals.refundedMinor}`).as('refunded_minor'),
      commissionMinor: sum(
        sql`${dailyReferrals.commissionMinor} - ${dailyReferrals.commissionReversedMinor} + ${dailyReferrals.commissionRestoredMinor}`,
      ).as('commission_minor'),
    })
    .from(dailyReferrals)
    .where(and(eq(dailyReferrals.currency, currency), between(dailyReferrals.day, range.from, range.to)))
    .groupBy(dailyReferrals.linkId)
    .as('referred')
  const clicked = ctx.db
    .select({ linkId: dailyLinkClicks.linkId, clicks: sum(sql`${dailyLinkClicks.clicks}`).as('clicks') })
    .from(dailyLinkClicks)
    .where(between(dailyLinkClicks.day, range.from, range.to))
    .groupBy(dailyLinkClicks.linkId)
    .as('clicked')
  const { until } = rangeMoments(range)
  const figure = (column: unknown) => sql<number>`coalesce(${column}, 0)`.mapWith(Number)
  const rows = await ctx.db
    .select({
      linkId: links.id,
      code: links.code,
      ambassadorId: links.ambassadorId,
      createdAt: links.createdAt,
      firstName: accounts.firstName,
      lastName: accounts.lastName,
      email: accounts.email,
      clicks: figure(clicked.clicks),
      orders: figure(referred.orders),
      clickedOrders: figure(referred.clickedOrders),
      revenueMinor: figure(referred.revenueMinor),
      refundedMinor: figure(referred.refundedMinor),
      commissionMinor: figure(referred.commissionMinor),
    })
    .from(links)
    .leftJoin(clicked, eq(clicked.linkId, links.id))
    .leftJoin(referred, eq(referred.linkId, links.id))
    .leftJoin(accounts, eq(accounts.id, links.ambassadorId))
    // Links that existed by the end of the range (or whose creation is unknown), with or without clicks and orders.
    .where(sql`${links.createdAt} IS NULL OR ${links.createdAt} < ${until}`)

  const byAmbassador = new Map<string, FunnelAmbassador & { sums: Sums }>()
  for (const row of rows) {
    const name = row.firstName === null ? null : `${row.firstName} ${row.lastName}`
    const entry = byAmbassador.get(row.ambassadorId) ?? {
      ambassador_id: row.ambassadorId,
      name,
      email: row.email,
      links: 0,
      ...inMajorUnits(zero()),
      sums: zero(),
    }
    entry.links += 1
    for (const key of Object.keys(entry.sums) as (keyof Sums)[]) entry.sums[key] += row[key]
    byAmbassador.set(row.ambassadorId, entry)
  }
  type Ranked = { revenue: number; commission: number; clicks: number }
  const byRevenue = (a: Ranked, b: Ranked) =>
    b.revenue - a.revenue || b.commission - a.commission || b.clicks - a.clicks
  const ambassadors = [...byAmbassador.values()]
    .map(({ sums, ...entry }) => ({ ...entry, ...inMajorUnits(sums) }))
    .sort((a, b) => byRevenue(a, b) || a.ambassador_id.localeCompare(b.ambassador_id))
  const linkRows: FunnelLink[] = rows
    .map((row) => ({
      link_id: row.linkId,
      code: row.code,
      ambassador_id: row.ambassadorId,
      ambassador: row.firstName === null ? null : `${row.firstName} ${row.lastName}`,
      created_at: row.createdAt === null ? null : new Date(row.createdAt).toISOString(),
      ...inMajorUnits(row),
    }))
    .sort((a, b) => byRevenue(a, b) || a.link_id.localeCompare(b.link_id))
    .slice(0, MAX_FUNNEL_LINKS)
  return { currency, ...range, ambassadors, links: linkRows }
}

const zero = (): Sums => ({
  clicks: 0,
  orders: 0,
  clickedOrders: 0,
  revenueMinor: 0,
  refundedMinor: 0,
  commissionMinor: 0,
})

function inMajorUnits(sums: Sums) {
  return {
    clicks: sums.clicks,
    orders: sums.orders,
    clicked_orders: sums.clickedOrders,
    conversion_rate: conversionRate(sums.orders, sums.clicks),
    revenue: toMajor(sums.revenueMinor),
    refunded: toMajor(sums.refundedMinor),
    commission: toMajor(sums.commissionMinor),
  }
}

/** Orders per click, 4 decimals, as the ambassador's own click stats give it; null without a click to divide by. */
export function conversionRate(orders: number, clicks: number): number | null {
  return clicks === 0 ? null : Math.round((orders / clicks) * 10_000) / 10_000
}

export const FUNNEL_FIGURE_COLUMNS = [
  'clicks',
  'orders',
  'clicked_orders',
  'conversion_rate',
  'revenue',
  'refunded',
  'commission',
] as const
