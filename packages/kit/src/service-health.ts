import { count, isNull, min } from 'drizzle-orm'
import type { Cache } from './cache/cache.ts'
import type { Clock } from './clock/clock.ts'
import type { DatabasePool } from './db/database.ts'
import type { EventTables } from './events/tables.ts'
import type { EventTransport } from './events/transport.ts'
import type { HttpApp } from './http/server.ts'

/** What one service of this process needs to report on itself; `own`: what it adds (MountedService.health). */
export type ServiceHealthSubject = {
  name: string
  pool: DatabasePool
  tables: EventTables
  own?: { details(): Promise<Record<string, unknown>>; access: 'public' | 'admin' }
}

type Check = { ok: boolean; latency_ms: number }

/** How long a check may take before it counts as failed: a health route must answer even when a server hangs. */
const CHECK_TIMEOUT_MS = 2_000

/**
 * `GET /api/<service>/health` for every service of the process (behind the gateway each service answers its own):
 * its database, the event broker and the cache, each answering or not and how fast, and the service's event backlog
 * (outbox rows not yet published and the age of the oldest, dead letters waiting for someone). 200 when database,
 * broker and cache answer, 503 otherwise. A service may add its own figures (analytics: the events it keeps) and
 * make the answer admins' only.
 */
export function serviceHealthRoutes(
  app: HttpApp,
  deps: { services: ServiceHealthSubject[]; transport: EventTransport; cache: Cache; clock: Clock },
) {
  for (const service of deps.services) {
    const url = `/api/${service.name}/health`
    const auth = service.own?.access ?? 'public'
    app.get(url, { config: { auth }, schema: { hide: true } }, async (_request, reply) => {
      const [database, broker, cache, events, own] = await Promise.all([
        timed(() => service.pool.pool.query('SELECT 1').then(() => true)),
        timed(() => deps.transport.ready()),
        timed(() => deps.cache.ready()),
        eventBacklog(service, deps.clock).catch(() => undefined),
        service.own?.details().catch(() => undefined),
      ])
      const ok = database.ok && broker.ok && cache.ok
      return reply.status(ok ? 200 : 503).send({
        ...own,
        service: service.name,
        status: ok ? 'ok' : 'failing',
        checks: { database, broker, cache },
        ...(events ? { events } : {}),
      })
    })
  }
}

/** Runs a check against the clock: failed when it throws, answers false or takes longer than CHECK_TIMEOUT_MS. */
async function timed(check: () => Promise<boolean>): Promise<Check> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS)
  })
  const ok = await Promise.race([check().catch(() => false), timeout])
  clearTimeout(timer)
  return { ok: ok === true, latency_ms: Math.round((performance.now() - started) * 10) / 10 }
}

/** A service's unpublished outbox rows (and the oldest one's age) and its dead letters; for health and metrics. */
export async function eventBacklog(service: Pick<ServiceHealthSubject, 'pool' | 'tables'>, clock: Clock) {
  const { outbox, deadLetters } = service.tables
  const db = service.pool.db
  const [[pending], [parked]] = await Promise.all([
    db
      .select({ rows: count(), oldest: min(outbox.occurredAt) })
      .from(outbox)
      .where(isNull(outbox.publishedAt)),
    db.select({ rows: count() }).from(deadLetters),
  ])
  const oldest = pending?.oldest ? Date.parse(pending.oldest) : undefined
  return {
    outbox_unpublished: pending?.rows ?? 0,
    outbox_oldest_seconds:
      oldest === undefined ? null : Math.max(0, Math.round((clock.now().getTime() - oldest) / 1000)),
    dead_letters: parked?.rows ?? 0,
  }
}
