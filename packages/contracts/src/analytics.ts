import { type Static, Type } from 'typebox'
import { EVENT_SCHEMAS } from './events.ts'

/**
 * The analytics service's HTTP contract (`/api/analytics/*`, admins only): query strings and answers. Days are UTC
 * days (`YYYY-MM-DD`), ranges include both ends, money is a JSON number in major units.
 */

const Day = Type.String({ format: 'date', description: 'UTC day, YYYY-MM-DD' })
const Money = Type.Number({ description: 'major units, at most 2 decimals' })
const Currency = Type.String({ pattern: '^[A-Za-z]{3}$', description: "ISO code; the store's currency by default" })
/** `?format=csv` (or `Accept: text/csv`) answers the same report as CSV. */
const Format = Type.Union([Type.Literal('json'), Type.Literal('csv')])

export const Interval = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], {
  description: 'bucket size: day, week (Monday to Sunday) or month, in UTC',
})
export type Interval = Static<typeof Interval>

export const RegistrationsQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  interval: Type.Optional(Interval),
  format: Type.Optional(Format),
})
export type RegistrationsQuery = Static<typeof RegistrationsQuery>

export const RevenueQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  interval: Type.Optional(Interval),
  currency: Type.Optional(Currency),
  format: Type.Optional(Format),
})
export type RevenueQuery = Static<typeof RevenueQuery>

export const EventTypeName = Type.Union(
  Object.keys(EVENT_SCHEMAS).map((type) => Type.Literal(type)),
  { description: 'one event type, such as order.completed' },
)

export const EventsQuery = Type.Object({
  type: Type.Optional(EventTypeName),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'events per page (50)' })),
  format: Type.Optional(Format),
})
export type EventsQuery = Static<typeof EventsQuery>

export const FunnelsQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  currency: Type.Optional(Currency),
  /** What the CSV lists: one row per link (the default) or per ambassador. JSON answers both. */
  by: Type.Optional(Type.Union([Type.Literal('link'), Type.Literal('ambassador')])),
  format: Type.Optional(Format),
})
export type FunnelsQuery = Static<typeof FunnelsQuery>

/** One bucket of a report: its natural start (`period`) and the days of the range it covers. */
const Bucket = {
  period: Type.String({ description: 'the bucket’s first day (a Monday for weeks, the 1st for months)' }),
  start: Day,
  end: Day,
}

export const RegistrationsReport = Type.Object({
  interval: Interval,
  from: Day,
  to: Day,
  total: Type.Integer(),
  buckets: Type.Array(
    Type.Object({
      ...Bucket,
      total: Type.Integer(),
      admin: Type.Integer(),
      ambassador: Type.Integer(),
      shopper: Type.Integer(),
    }),
  ),
})
export type RegistrationsReport = Static<typeof RegistrationsReport>

const RevenueFigures = {
  orders: Type.Integer({ description: 'orders completed' }),
  revenue: Money,
  refunds: Type.Integer({ description: 'refunds made' }),
  refunded: Money,
  net: Money,
  commission: Type.Number({ description: 'commission earned, less what refunds reversed, plus what admins restored' }),
}

export const RevenueReport = Type.Object({
  currency: Type.String(),
  interval: Interval,
  from: Day,
  to: Day,
  totals: Type.Object(RevenueFigures),
  buckets: Type.Array(Type.Object({ ...Bucket, ...RevenueFigures })),
})
export type RevenueReport = Static<typeof RevenueReport>

export const AnalyticsEvent = Type.Object({
  id: Type.String(),
  type: Type.String(),
  key: Type.String(),
  occurred_at: Type.String(),
  data: Type.Unknown(),
})
export type AnalyticsEvent = Static<typeof AnalyticsEvent>

export const AnalyticsEventPage = Type.Object({
  data: Type.Array(AnalyticsEvent),
  total: Type.Integer(),
  page: Type.Integer(),
  last_page: Type.Integer(),
  kept_since: Type.String({
    description:
      'events that occurred before this moment are no longer kept (ANALYTICS_EVENTS_RETENTION_DAYS); the daily reports still count them',
  }),
})
export type AnalyticsEventPage = Static<typeof AnalyticsEventPage>

const FunnelFigures = {
  clicks: Type.Integer({
    description: 'opens of the links by people (bots, HEAD requests and prefetches not counted)',
  }),
  orders: Type.Integer(),
  clicked_orders: Type.Integer({ description: 'orders that came with the referral click that brought them' }),
  conversion_rate: Type.Union([Type.Number(), Type.Null()], {
    description: 'orders ÷ clicks, 4 decimals; null without clicks (above 1 when orders came without a recorded click)',
  }),
  revenue: Money,
  refunded: Money,
  commission: Type.Number(),
}

export const FunnelLink = Type.Object({
  link_id: Type.String(),
  code: Type.String(),
  ambassador_id: Type.String(),
  ambassador: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.Union([Type.String(), Type.Null()]),
  ...FunnelFigures,
})
export type FunnelLink = Static<typeof FunnelLink>

export const FunnelAmbassador = Type.Object({
  ambassador_id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  links: Type.Integer(),
  ...FunnelFigures,
})
export type FunnelAmbassador = Static<typeof FunnelAmbassador>

export const FunnelReport = Type.Object({
  currency: Type.String(),
  from: Day,
  to: Day,
  ambassadors: Type.Array(FunnelAmbassador),
  links: Type.Array(FunnelLink, { description: 'the links that earned most first (at most 500)' }),
})
export type FunnelReport = Static<typeof FunnelReport>

/** What analytics adds to the platform's health answer of a service (see AnalyticsHealth). */
export const AnalyticsEventsHealth = Type.Object({
  events_stored: Type.Union([Type.Integer(), Type.Null()], {
    description: 'events recorded in all, those pruned after ANALYTICS_EVENTS_RETENTION_DAYS included',
  }),
  last_event: Type.Union([
    Type.Object({
      id: Type.String(),
      type: Type.String(),
      occurred_at: Type.String(),
      applied_at: Type.String(),
      age_seconds: Type.Integer({ description: 'how long ago the last event applied occurred' }),
    }),
    Type.Null(),
  ]),
})
export type AnalyticsEventsHealth = Static<typeof AnalyticsEventsHealth>

const HealthCheck = Type.Object({ ok: Type.Boolean(), latency_ms: Type.Number() })

/** `GET /api/analytics/health`: the checks every service answers, and how far analytics has got. */
export const AnalyticsHealth = Type.Object({
  service: Type.Literal('analytics'),
  status: Type.Union([Type.Literal('ok'), Type.Literal('failing')]),
  checks: Type.Object({ database: HealthCheck, broker: HealthCheck, cache: HealthCheck }),
  ...AnalyticsEventsHealth.properties,
})
export type AnalyticsHealth = Static<typeof AnalyticsHealth>
