import type { AnalyticsEventsHealth } from '@ambassador/contracts/analytics'
import type { ServiceContext } from '@ambassador/kit/service'
import { desc, sql } from 'drizzle-orm'
import { dailyEvents, events } from './schema.ts'

/**
 * What analytics adds to its `GET /api/analytics/health` (the platform checks its database, broker and cache): how
 * many events it recorded (pruned ones included), and the last event it applied and how long ago that event occurred
 * (a large age on a busy store means its consumers lag). Nulls when its database does not answer (the checks then say so).
 */
export async function analyticsHealth(ctx: ServiceContext): Promise<AnalyticsEventsHealth> {
  try {
    const [[stored], [last]] = await Promise.all([
      // The daily counts add up to every event recorded — pruned ones too — without counting the (large) events table.
      ctx.db.select({ events: sql<number>`coalesce(sum(${dailyEvents.events}), 0)`.mapWith(Number) }).from(dailyEvents),
      ctx.db
        .select({ id: events.id, type: events.type, occurredAt: events.occurredAt, appliedAt: events.appliedAt })
        .from(events)
        .orderBy(desc(events.appliedAt), desc(events.id))
        .limit(1),
    ])
    return {
      events_stored: stored?.events ?? 0,
      last_event: last
        ? {
            id: last.id,
            type: last.type,
            occurred_at: new Date(last.occurredAt).toISOString(),
            applied_at: new Date(last.appliedAt).toISOString(),
            age_seconds: Math.max(0, Math.round((ctx.clock.now().getTime() - Date.parse(last.occurredAt)) / 1000)),
          }
        : null,
    }
  } catch (error) {
    ctx.log.warn({ err: error }, 'analytics health: the database did not answer')
    return { events_stored: null, last_event: null }
  }
}
