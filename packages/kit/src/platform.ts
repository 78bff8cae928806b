import { createAdapters } from './adapters.ts'
import { loadSigningKeys } from './auth/keys.ts'
import { createSessionVersions } from './auth/sessions.ts'
import { createTokenVerifier } from './auth/tokens.ts'
import type { Cache } from './cache/cache.ts'
import { type Clock, systemClock } from './clock/clock.ts'
import type { Config, ServiceName } from './config/config.ts'
import { type DatabasePool, openDatabase } from './db/database.ts'
import { migrateSchema } from './db/migrate.ts'
import { createInboxDelivery, type RetryPolicy } from './events/inbox.ts'
import { createOutbox } from './events/outbox.ts'
import { createRelay, type Relay } from './events/relay.ts'
import { pruneEventTables } from './events/retention.ts'
import type { EventTransport } from './events/transport.ts'
import { apiDocsRoutes } from './http/api-docs.ts'
import { createHttpApp, type HttpApp } from './http/server.ts'
import type { Logger } from './log/log.ts'
import { countingInFlight, type LagSource, type MetricsSource, metricsSources } from './metrics/metrics.ts'
import { metricsRoutes } from './metrics/routes.ts'
import type { MountedService, PageVisit, Service, ServiceContext } from './service.ts'
import { eventBacklog, serviceHealthRoutes } from './service-health.ts'

export type PlatformOptions = {
  config: Config
  log: Logger
  services: Service[]
  /** The PostgreSQL URL for each service (its own database or a shared one; each keeps to its schema). */
  databaseUrlFor: (service: ServiceName) => string
  clock?: Clock
  /** The event transport and cache; by default chosen from the configuration (createAdapters). */
  adapters?: { transport: EventTransport; cache: Cache }
  retry?: RetryPolicy
  /**
   * App-level routes that belong to no service (static files, demo assets), given what the services mounted here do
   * when a page is opened.
   */
  routes?: (app: HttpApp, services: { pageVisits: PageVisit[] }) => void | Promise<void>
}

export type Platform = {
  app: HttpApp
  contexts: Map<ServiceName, ServiceContext>
  /** Runs relays and workers until no event or job is left: everything written so far has taken effect. */
  drain(): Promise<void>
  /** Stops taking requests, drains the outboxes, and closes connections. */
  close(): Promise<void>
}

type Running = { service: Service; ctx: ServiceContext; mounted: MountedService; relay: Relay; pool: DatabasePool }

/** Builds the kit, mounts the services on one HTTP app, and starts their events and workers. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const { config, log } = options
  const clock = options.clock ?? systemClock
  const { transport, cache } = options.adapters ?? (await createAdapters(config, log, clock))
  const keys = await loadSigningKeys(config)
  const sessions = createSessionVersions()
  const app = await createHttpApp({ config, log, verifier: createTokenVerifier(keys.publicKey), sessions })

  const running: Running[] = []
  // Every pool opened, whole services or not: a start that fails half way still closes each.
  const pools: DatabasePool[] = []
  const timers: NodeJS.Timeout[] = []
  // What this platform reports on each scrape of /metrics, until it closes.
  const metrics: { services: MetricsSource[]; lag?: LagSource } = { services: [] }
  const stopReporting = () => {
    for (const source of metrics.services) metricsSources.services.delete(source)
    if (metrics.lag) metricsSources.lags.delete(metrics.lag)
  }
  try {
    for (const service of options.services) {
      const url = options.databaseUrlFor(service.name)
      const serviceLog = log.child({ service: service.name })
      const pool = openDatabase(url, config.dbPoolSize, (error) =>
        serviceLog.warn({ err: error }, 'idle database connection lost'),
      )
      pools.push(pool)
      await migrateSchema(pool.pool, service.name, service.migrationsFolder)
      const relay = createRelay({
        schema: service.name,
        pool: pool.pool,
        databaseUrl: url,
        transport,
        clock,
        log: serviceLog,
      })
      // Publishing now, and with a broker also waiting for the consumer groups of this process to apply it.
      const publishNow = async () => {
        await relay.runOnce()
        await transport.settle?.()
      }
      const outbox = createOutbox(service.name, service.tables, clock, publishNow)
      const ctx: ServiceContext = {
        service: service.name,
        db: pool.db,
        outbox,
        cache,
        clock,
        log: serviceLog,
        config,
        sessions,
      }
      const mounted = await service.mount(ctx, { keys, app })
      await mounted.registerRoutes(app)
      if (mounted.consumedTypes.length > 0) {
        transport.subscribe(
          service.name,
          mounted.consumedTypes,
          countingInFlight(
            service.name,
            createInboxDelivery({
              service: service.name,
              consumer: service.name,
              db: pool.db,
              tables: service.tables,
              outbox,
              apply: mounted.apply,
              log: serviceLog,
              retry: options.retry,
            }),
          ),
        )
      }
      running.push({ service, ctx: mounted.context, mounted, relay, pool })
    }
    // Session versions come from the users service when it runs here (the accounts are the truth), else from
    // whichever service here keeps a read model of them.
    const versionSource =
      running.find((r) => r.service.name === 'users' && r.mounted.sessionVersionOf) ??
      running.find((r) => r.mounted.sessionVersionOf)
    const lookup = versionSource?.mounted.sessionVersionOf
    if (lookup) sessions.readFrom(lookup)
    await options.routes?.(app, {
      pageVisits: running.flatMap(({ mounted }) => (mounted.pageVisit ? [mounted.pageVisit] : [])),
    })
    healthRoutes(app, { pools: () => pools, transport, cache })
    metricsRoutes(app, config.metricsToken)
    apiDocsRoutes(app, { services: running.map(({ service }) => service.name), source: config.apiDocsSource })
    serviceHealthRoutes(app, {
      services: running.map(({ service, pool, mounted }) => ({
        name: service.name,
        pool,
        tables: service.tables,
        ...(mounted.health ? { own: mounted.health } : {}),
      })),
      transport,
      cache,
      clock,
    })
    metrics.services = running.map(({ service, pool }) => ({
      service: service.name,
      backlog: () => eventBacklog({ pool, tables: service.tables }, clock),
    }))
    for (const source of metrics.services) metricsSources.services.add(source)
    if (transport.consumerLag) metrics.lag = () => transport.consumerLag?.() ?? Promise.resolve([])
    if (metrics.lag) metricsSources.lags.add(metrics.lag)
    await app.ready()
    // Start hooks run before any event arrives: a read model they rebuild (the rankings leaderboard) cannot race
    // the events that would update it. What they publish waits in their outbox for the relays.
    for (const { mounted } of running) await mounted.start()
    await transport.start()
    for (const { relay } of running) await relay.start()
    for (const { service, pool, ctx } of running) {
      // Published outbox rows and applied inbox rows go after EVENT_RETENTION_DAYS: a minute after start, then hourly.
      const prune = () =>
        pruneEventTables(pool.db, service.tables, clock, config.eventRetentionDays).catch((error) =>
          ctx.log.warn({ err: error }, 'pruning the event tables failed'),
        )
      const first = setTimeout(prune, 60_000)
      const hourly = setInterval(prune, 3_600_000)
      first.unref()
      hourly.unref()
      timers.push(first, hourly)
    }
    for (const { mounted, ctx } of running) {
      for (const worker of mounted.workers) {
        const timer = setInterval(() => {
          worker.run().catch((error) => ctx.log.warn({ err: error, worker: worker.name }, 'worker pass failed'))
        }, worker.intervalMs)
        timer.unref()
        timers.push(timer)
      }
    }
  } catch (error) {
    stopReporting()
    await Promise.allSettled(running.map((r) => r.relay.stop()))
    await app.close().catch(() => {})
    await Promise.allSettled(pools.map((pool) => pool.close()))
    throw error
  }

  async function drain() {
    for (let pass = 0; pass < 1_000; pass++) {
      let work = 0
      for (const { relay } of running) work += await relay.runOnce()
      for (const { mounted } of running) for (const worker of mounted.workers) work += await worker.run()
      work += (await transport.settle?.()) ?? 0
      if (work === 0) return
    }
    throw new Error('drain did not settle after 1000 passes')
  }

  let closing: Promise<void> | undefined
  return {
    app,
    contexts: new Map(running.map((r) => [r.service.name, r.ctx])),
    drain,
    close() {
      closing ??= (async () => {
        stopReporting()
        for (const timer of timers) clearInterval(timer)
        await app.close()
        for (const { relay } of running) await relay.stop()
        await drain().catch((error) => log.warn({ err: error }, 'final drain failed'))
        await transport.stop()
        for (const { mounted } of running)
          await mounted.stop().catch((error) => log.warn({ err: error }, 'service stop failed'))
        await cache.close()
        await Promise.allSettled(pools.map((pool) => pool.close()))
      })()
      return closing
    },
  }
}

/** Liveness (the process answers) and readiness (its database, broker and cache answer; migrations are done). */
function healthRoutes(app: HttpApp, deps: { pools: () => DatabasePool[]; transport: EventTransport; cache: Cache }) {
  const hidden = { hide: true }
  app.get('/health/live', { config: { auth: 'public' }, schema: hidden }, async () => ({ status: 'live' }))
  app.get('/health/ready', { config: { auth: 'public' }, schema: hidden }, async (_request, reply) => {
    const within = <T>(check: Promise<T>) =>
      Promise.race([check, new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref())])
    const [database, broker, cache] = await Promise.all([
      within(
        Promise.all(deps.pools().map((p) => p.pool.query('SELECT 1'))).then(
          () => true,
          () => false,
        ),
      ),
      within(deps.transport.ready()),
      within(deps.cache.ready()),
    ])
    const checks = { database: database === true, broker: broker === true, cache: cache === true }
    const ready = Object.values(checks).every(Boolean)
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks })
  })
}
