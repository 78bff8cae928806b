import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { EventDelivery } from '../events/transport.ts'

/**
 * The process's Prometheus metrics, scraped at `GET /metrics`: one registry per process, so an embedded process
 * (every service in one) labels what belongs to a service with `service`. Counters are counted where things happen;
 * the event backlog is read from each service's tables when Prometheus scrapes (see `metricsSources`).
 */
export const metricsRegistry = new Registry()
collectDefaultMetrics({ register: metricsRegistry })

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from receiving a request to sending its answer, by route pattern (never the raw URL) and status.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
})

export const ordersCompleted = new Counter({
  name: 'orders_completed_total',
  help: 'Orders that completed (paid), counted once per order after the transaction committed.',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
})

export const emailsSent = new Counter({
  name: 'emails_sent_total',
  help: 'Mails the mail server accepted.',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
})

export const emailsFailed = new Counter({
  name: 'emails_failed_total',
  help: 'Attempts to send a mail that failed (each attempt; a mail is retried until it is given up).',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
})

/**
 * Cache reads by result, counted in plain numbers on the hot path (a labelled `inc` hashes its labels on every call:
 * measurable on a cached answer) and handed to Prometheus when it scrapes.
 */
export const cacheLookups = { hit: 0, miss: 0 }

new Counter({
  name: 'cache_lookups_total',
  help: 'Cache reads by result (hit or miss): the hit ratio is hits / (hits + misses).',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset()
    this.inc({ result: 'hit' }, cacheLookups.hit)
    this.inc({ result: 'miss' }, cacheLookups.miss)
  },
})

export const analyticsEventsIgnored = new Counter({
  name: 'analytics_events_ignored_total',
  help: 'Events analytics left out because they occurred before ANALYTICS_EVENTS_RETENTION_DAYS: a replay of a pruned event, or one too late to tell.',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
})

export const consumerInFlight = new Gauge({
  name: 'events_consumer_in_flight',
  help: "Events handed to a service's consumer and not yet applied (or parked), on every transport.",
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
})

/** The service's delivery, counting the events handed to it until it has applied (or parked) them. */
export function countingInFlight(service: string, deliver: EventDelivery): EventDelivery {
  const counted: EventDelivery = async (events) => {
    consumerInFlight.inc({ service }, events.length)
    try {
      await deliver(events)
    } finally {
      consumerInFlight.dec({ service }, events.length)
    }
  }
  if (deliver.park) counted.park = deliver.park
  return counted
}

/** What one service of a running platform reports when Prometheus scrapes. */
export type MetricsSource = {
  service: string
  /** Outbox rows not yet published, the oldest one's age, and the dead letters waiting. */
  backlog(): Promise<{ outbox_unpublished: number; outbox_oldest_seconds: number | null; dead_letters: number }>
}

/** What the event transport of a running platform reports: Kafka's consumer lag per group and stream. */
export type LagSource = () => Promise<{ group: string; stream: string; messages: number }[]>

/**
 * What the running platforms of this process (one, outside tests) report on each scrape; each platform adds its
 * services when it starts and takes them away when it closes.
 */
export const metricsSources = { services: new Set<MetricsSource>(), lags: new Set<LagSource>() }

const outboxUnpublished = new Gauge({
  name: 'events_outbox_unpublished',
  help: 'Outbox rows not yet published to the event transport.',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
})
const outboxOldest = new Gauge({
  name: 'events_outbox_oldest_seconds',
  help: 'Age of the oldest unpublished outbox row (0 when none waits).',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
})
const deadLetters = new Gauge({
  name: 'events_dead_letters',
  help: 'Events parked in the dead letters, waiting for someone to replay them.',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
})
const consumerLag = new Gauge({
  name: 'events_consumer_lag_messages',
  help: "Messages on the broker past the consumer group's committed offset (Kafka only).",
  labelNames: ['group', 'stream'] as const,
  registers: [metricsRegistry],
})

/**
 * Reads every source: the backlog of each service, then the consumer lag. A source that fails is left out. Everything
 * is read before any gauge changes, so a scrape that runs meanwhile never sees them half-empty.
 */
async function collectSources() {
  const [backlogs, lagLists] = await Promise.all([
    Promise.all(
      [...metricsSources.services].map(async (source) => ({
        service: source.service,
        backlog: await source.backlog().catch(() => undefined),
      })),
    ),
    Promise.all([...metricsSources.lags].map((lags) => lags().catch(() => undefined))),
  ])
  outboxUnpublished.reset()
  outboxOldest.reset()
  deadLetters.reset()
  consumerLag.reset()
  for (const { service, backlog } of backlogs) {
    if (!backlog) continue
    outboxUnpublished.set({ service }, backlog.outbox_unpublished)
    outboxOldest.set({ service }, backlog.outbox_oldest_seconds ?? 0)
    deadLetters.set({ service }, backlog.dead_letters)
  }
  for (const lag of lagLists.flatMap((list) => list ?? [])) {
    consumerLag.set({ group: lag.group, stream: lag.stream }, lag.messages)
  }
}

/** The exposition text Prometheus scrapes, with the backlog and lag read now. */
export async function metricsText(): Promise<string> {
  await collectSources()
  return metricsRegistry.metrics()
}
