import type { AnalyticsEventPage, EventsQuery } from '@ambassador/contracts/analytics'
import { badRequest } from '@ambassador/kit/errors/errors'
import { pageOffset } from '@ambassador/kit/http/pages'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import { addDays } from './buckets.ts'
import { keptSince } from './retention.ts'
import { events } from './schema.ts'

export const EVENTS_PER_PAGE = 50

/**
 * One page of the events kept, newest first, of one type and between two UTC days (both included) when asked. Only
 * the retention window's are kept (`kept_since`): days wholly before it are a 400 `outside_retention`.
 */
export async function pageOfEvents(ctx: ServiceContext, query: EventsQuery): Promise<AnalyticsEventPage> {
  const { type, from, to, page = 1, per_page: perPage = EVENTS_PER_PAGE } = query
  if (from !== undefined && to !== undefined && from > to) {
    throw badRequest(`from (${from}) is after to (${to})`, 'invalid_range')
  }
  const since = keptSince(ctx).toISOString()
  if (to !== undefined && `${addDays(to, 1)}T00:00:00.000Z` <= since) throw outsideRetention(ctx, since)
  // What waits for the next pruning run is left out too: a page shows the window, whenever the worker last ran.
  const conditions: SQL[] = [gte(events.occurredAt, since)]
  if (type !== undefined) conditions.push(eq(events.type, type))
  if (from !== undefined) conditions.push(gte(events.occurredAt, `${from}T00:00:00.000Z`))
  if (to !== undefined) conditions.push(lt(events.occurredAt, `${addDays(to, 1)}T00:00:00.000Z`))
  const where = and(...conditions)
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select({ id: events.id, type: events.type, key: events.key, occurredAt: events.occurredAt, data: events.data })
      .from(events)
      .where(where)
      .orderBy(desc(events.occurredAt), desc(events.id))
      .limit(perPage)
      .offset(pageOffset(page, perPage)),
    ctx.db.select({ total: count() }).from(events).where(where),
  ])
  const total = counted?.total ?? 0
  return {
    data: rows.map((row) => ({
      id: row.id,
      type: row.type,
      key: row.key,
      occurred_at: new Date(row.occurredAt).toISOString(),
      data: row.data,
    })),
    total,
    page,
    last_page: Math.max(1, Math.ceil(total / perPage)),
    kept_since: since,
  }
}

function outsideRetention(ctx: ServiceContext, since: string) {
  const days = ctx.config.analyticsEventsRetentionDays
  return badRequest(
    `Events are kept ${days} days (ANALYTICS_EVENTS_RETENTION_DAYS): none that occurred before ${since} is left. ` +
      'The daily reports (/api/analytics/users/registered, /api/analytics/revenue, /api/analytics/funnels) still cover earlier days.',
    'outside_retention',
  )
}

export const EVENT_COLUMNS = ['id', 'type', 'key', 'occurred_at', 'data'] as const
