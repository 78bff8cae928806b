import type { LinkFlags } from '@ambassador/contracts/http'
import type { ServiceContext } from '@ambassador/kit/service'
import { sql } from 'drizzle-orm'
import { clicks, conversions, links, users } from '../schema.ts'

/** One visitor opening one link this often in one UTC day is inflating its clicks. */
export const REPEAT_CLICKS_PER_DAY = 20
/** A link with at least this many orders… */
export const MIN_ORDERS = 5
/** …converting more than this share of its clicks gets more orders than people would give it. */
export const CONVERSION_SPIKE = 0.5
/** At least this many orders credited to a link with no click behind them: scripted checkouts, or a leaked code. */
export const ORDERS_WITHOUT_CLICKS = 5

type Row = {
  link_id: string
  code: string
  ambassador_id: string
  first_name: string | null
  last_name: string | null
  clicks: number
  visitors: number
  top_visitor_day: number
  orders: number
  orders_without_click: number
}

/**
 * The links whose clicks and orders over the last `days` days look unusual, for an admin to review: one visitor
 * opening a link over and over in a day, more orders than its clicks make plausible, or many orders with no click
 * behind them. Each link's clicks and orders are read through its own index range (a lateral join per link).
 */
export async function flaggedLinks(ctx: ServiceContext, days: number): Promise<LinkFlags[]> {
  const since = new Date(ctx.clock.now().getTime() - days * 86_400_000).toISOString()
  const result = await ctx.db.execute<Row>(sql`
    SELECT l.id AS link_id, l.code, l.user_id AS ambassador_id, u.first_name, u.last_name,
      c.clicks, c.visitors, c.top_visitor_day, o.orders, o.orders_without_click
    FROM ${links} l
    LEFT JOIN ${users} u ON u.id = l.user_id
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(n), 0)::int AS clicks, count(DISTINCT visitor_hash)::int AS visitors,
        coalesce(max(n), 0)::int AS top_visitor_day
      FROM (SELECT visitor_hash, (clicked_at AT TIME ZONE 'UTC')::date, count(*) AS n FROM ${clicks}
            WHERE link_id = l.id AND clicked_at >= ${since} GROUP BY 1, 2) per_visitor_day
    ) c
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS orders, count(*) FILTER (WHERE click_id IS NULL)::int AS orders_without_click
      FROM ${conversions} WHERE link_id = l.id AND completed AND completed_at >= ${since}
    ) o
    WHERE c.top_visitor_day >= ${REPEAT_CLICKS_PER_DAY}
      OR (o.orders >= ${MIN_ORDERS} AND o.orders > c.clicks * ${CONVERSION_SPIKE}::numeric)
      OR o.orders_without_click >= ${ORDERS_WITHOUT_CLICKS}
    ORDER BY o.orders DESC, c.clicks DESC, l.code`)
  return result.rows.map((row) => ({
    link_id: row.link_id,
    code: row.code,
    ambassador_id: row.ambassador_id,
    ambassador_name: row.first_name === null ? null : `${row.first_name} ${row.last_name}`,
    clicks: row.clicks,
    unique_visitors: row.visitors,
    orders: row.orders,
    flags: [
      ...(row.top_visitor_day >= REPEAT_CLICKS_PER_DAY
        ? [{ kind: 'repeat_clicks' as const, text: `One visitor opened it ${row.top_visitor_day} times in a day` }]
        : []),
      ...(row.orders >= MIN_ORDERS && row.orders > row.clicks * CONVERSION_SPIKE
        ? [{ kind: 'conversion_spike' as const, text: `${row.orders} orders from ${row.clicks} clicks` }]
        : []),
      ...(row.orders_without_click >= ORDERS_WITHOUT_CLICKS
        ? [
            {
              kind: 'orders_without_clicks' as const,
              text: `${row.orders_without_click} orders with no click behind them`,
            },
          ]
        : []),
    ],
  }))
}
