import type { EventEnvelope } from '@ambassador/contracts/events'
import { analyticsEventsIgnored } from '@ambassador/kit/metrics/metrics'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { recordAccount } from './accounts.ts'
import { utcDay } from './buckets.ts'
import { recordClicks } from './clicks.ts'
import { addUp } from './increments.ts'
import { isOutsideRetention } from './retention.ts'
import { recordLink, recordOrder, recordRefund, recordRestoredCommission } from './sales.ts'
import { dailyEvents, dailyRegistrations, events } from './schema.ts'

/**
 * Keeps an event, whatever its type, and brings the daily rollups it moves up to date in the same transaction. An
 * event already kept (the same id delivered again) changes nothing. One that occurred before the retention window is
 * left out: its row may have been pruned, so its id no longer proves it was not counted (see `retention.ts`).
 */
export async function recordEvent(ctx: ConsumerContext<ServiceContext>, event: EventEnvelope) {
  if (isOutsideRetention(ctx, event.occurredAt)) {
    // What an event states (an account, a link) is applied whatever its age: applying it twice changes nothing.
    await applyState(ctx, event)
    return ignoreOutsideRetention(ctx, event)
  }
  const [kept] = await ctx.db
    .insert(events)
    .values({
      id: event.id,
      type: event.type,
      key: event.key,
      occurredAt: event.occurredAt,
      data: keptData(event),
      appliedAt: ctx.clock.now().toISOString(),
    })
    .onConflictDoNothing()
    .returning({ id: events.id })
  if (!kept) return
  await addUp(ctx.db, dailyEvents, { day: utcDay(event.occurredAt), type: event.type }, { events: 1 })
  await rollUp(ctx, event)
}

function ignoreOutsideRetention(ctx: ConsumerContext<ServiceContext>, event: EventEnvelope) {
  ctx.afterCommit(async () => {
    analyticsEventsIgnored.inc({ service: ctx.service })
    ctx.log.warn(
      {
        event_id: event.id,
        type: event.type,
        occurred_at: event.occurredAt,
        retention_days: ctx.config.analyticsEventsRetentionDays,
      },
      'analytics left out an event older than ANALYTICS_EVENTS_RETENTION_DAYS: it may have been counted already',
    )
  })
}

/** What the rollups make of each kind of event; most are only kept and counted. */
async function rollUp(ctx: ConsumerContext<ServiceContext>, event: EventEnvelope) {
  switch (event.type) {
    case 'user.registered': {
      const day = utcDay(event.occurredAt)
      await addUp(ctx.db, dailyRegistrations, { day, role: event.data.role }, { users: 1 })
      return applyState(ctx, event)
    }
    case 'user.updated':
    case 'link.created':
      return applyState(ctx, event)
    case 'link.clicks_recorded':
      return recordClicks(ctx.db, event.data)
    case 'order.completed':
      return recordOrder(ctx.db, event.data)
    case 'order.refunded':
      return recordRefund(ctx.db, event.data)
    case 'order.commission_restored':
      return recordRestoredCommission(ctx.db, event.data)
    default:
      return
  }
}

/**
 * The state an event states, as opposed to what it counts: the accounts (names, roles, session versions) and the links
 * the reports name. Idempotent by itself (an older event never overwrites a newer one), so it needs no event row.
 */
async function applyState(ctx: ConsumerContext<ServiceContext>, event: EventEnvelope) {
  switch (event.type) {
    case 'user.registered':
    case 'user.updated':
      return recordAccount(ctx, event.data, event.occurredAt)
    case 'link.created':
      return recordLink(ctx.db, event.data)
    default:
      return
  }
}

/**
 * The event's data as kept: a one-time sign-in or password-reset link is a secret only its recipient may hold, so
 * its URL stays out (admins read these events).
 */
function keptData(event: EventEnvelope): unknown {
  if (event.type === 'user.sign_in_link_requested' || event.type === 'user.password_reset_requested') {
    const { url: _secret, ...rest } = event.data
    return rest
  }
  return event.data
}
