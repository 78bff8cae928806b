import { eventTables } from '@ambassador/kit/events/tables'
import { bigint, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'

export const analyticsSchema = pgSchema('analytics')

const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' })
const day = () => date('day', { mode: 'string' }).notNull()
const count = (name: string) => integer(name).notNull().default(0)
const minor = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0)

/**
 * Every event the platform published, as it arrived (one row per event id, so a redelivery adds nothing). The
 * secrets some events carry (one-time sign-in links) are left out.
 */
export const events = analyticsSchema.table(
  'events',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    key: text('key').notNull(),
    occurredAt: moment('occurred_at').notNull(),
    data: jsonb('data').notNull(),
    /** When this service applied it: the health route tells how far behind the platform it is. */
    appliedAt: moment('applied_at').notNull(),
  },
  (t) => [
    index('events_occurred_at').on(t.occurredAt),
    index('events_type_occurred_at').on(t.type, t.occurredAt),
    index('events_applied_at').on(t.appliedAt),
  ],
)

/** How many events of each type occurred per UTC day. */
export const dailyEvents = analyticsSchema.table(
  'daily_events',
  { day: day(), type: text('type').notNull(), events: count('events') },
  (t) => [primaryKey({ columns: [t.day, t.type] })],
)

/** Accounts registered per UTC day, by role (user.registered). */
export const dailyRegistrations = analyticsSchema.table(
  'daily_registrations',
  { day: day(), role: text('role').notNull(), users: count('users') },
  (t) => [primaryKey({ columns: [t.day, t.role] })],
)

/**
 * The store's money per UTC day and currency, in minor units: orders on the day they completed, refunds and the
 * commission they reverse on the day they were made, restored commission on the day it was restored.
 */
export const dailyRevenue = analyticsSchema.table(
  'daily_revenue',
  {
    day: day(),
    currency: text('currency').notNull(),
    orders: count('orders'),
    revenueMinor: minor('revenue_minor'),
    commissionMinor: minor('commission_minor'),
    refunds: count('refunds'),
    refundedMinor: minor('refunded_minor'),
    commissionReversedMinor: minor('commission_reversed_minor'),
    commissionRestoredMinor: minor('commission_restored_minor'),
  },
  (t) => [primaryKey({ columns: [t.day, t.currency] })],
)

/** The same per referral link (orders an ambassador's link brought), for the funnels. */
export const dailyReferrals = analyticsSchema.table(
  'daily_referrals',
  {
    day: day(),
    linkId: uuid('link_id').notNull(),
    ambassadorId: uuid('ambassador_id').notNull(),
    currency: text('currency').notNull(),
    orders: count('orders'),
    /** Orders that came with the click that brought them (a referral cookie's). */
    clickedOrders: count('clicked_orders'),
    revenueMinor: minor('revenue_minor'),
    commissionMinor: minor('commission_minor'),
    refundedMinor: minor('refunded_minor'),
    commissionReversedMinor: minor('commission_reversed_minor'),
    commissionRestoredMinor: minor('commission_restored_minor'),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.linkId, t.currency] }),
    index('daily_referrals_ambassador').on(t.ambassadorId, t.day),
  ],
)

/** Clicks on each referral link per UTC day (link.clicks_recorded): the top of its funnel. */
export const dailyLinkClicks = analyticsSchema.table(
  'daily_link_clicks',
  {
    day: day(),
    linkId: uuid('link_id').notNull(),
    ambassadorId: uuid('ambassador_id').notNull(),
    clicks: count('clicks'),
  },
  (t) => [primaryKey({ columns: [t.day, t.linkId] })],
)

/** The referral links (link.created). */
export const links = analyticsSchema.table(
  'links',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    ambassadorId: uuid('ambassador_id').notNull(),
    /** Null for a link known only from its orders (created before analytics ran). */
    createdAt: moment('created_at'),
  },
  (t) => [index('links_ambassador').on(t.ambassadorId)],
)

/** The users service's accounts as far as the reports and signing in need (user.* events). */
export const accounts = analyticsSchema.table('accounts', {
  id: uuid('id').primaryKey(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  email: text('email').notNull(),
  role: text('role').notNull(),
  sessionVersion: integer('session_version').notNull().default(0),
  /** When the event that wrote this row occurred: an older event never overwrites. */
  updatedAt: moment('updated_at').notNull(),
})

export const { outbox, inbox, deadLetters } = eventTables('analytics')
export const tables = { outbox, inbox, deadLetters }
