import type { EventEnvelope, EventType } from '@ambassador/contracts/events'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SigningKeys } from './auth/keys.ts'
import type { SessionVersions } from './auth/sessions.ts'
import type { Cache } from './cache/cache.ts'
import type { Clock } from './clock/clock.ts'
import type { Config, ServiceName } from './config/config.ts'
import type { Database } from './db/database.ts'
import type { Outbox } from './events/outbox.ts'
import type { EventTables } from './events/tables.ts'
import type { HttpApp } from './http/server.ts'
import type { Logger } from './log/log.ts'

/** What every domain function receives: no container, no globals. */
export type ServiceContext = {
  service: ServiceName
  db: Database
  outbox: Outbox
  cache: Cache
  clock: Clock
  log: Logger
  config: Config
  /** Tell the process a user's session version changed (after the change commits), so it reads it afresh. */
  sessions: Pick<SessionVersions, 'forget'>
}

/** What the platform hands a service when mounting it, besides its context. */
export type PlatformDeps = { keys: SigningKeys; app: HttpApp }

/**
 * What a consumer receives: its service context with `db` bound to the event's transaction, and `afterCommit`
 * for effects that must wait until the transaction is durable (cache invalidation, waking a worker).
 */
export type ConsumerContext<Ctx extends ServiceContext> = Ctx & { afterCommit(effect: () => Promise<void>): void }

/** Event handlers by type; each runs inside the transaction that also records the event in the inbox. */
export type Consumers<Ctx extends ServiceContext> = {
  [K in EventType]?: (ctx: ConsumerContext<Ctx>, event: EventEnvelope<K>) => Promise<void>
}

/** A background job run on an interval (and by `drain()`); returns how much work it did. */
export type Worker<Ctx extends ServiceContext> = { name: string; intervalMs: number; run(ctx: Ctx): Promise<number> }

export type ServiceDefinition<Ctx extends ServiceContext> = {
  name: ServiceName
  migrationsFolder: string
  tables: EventTables
  /** Adds the service's own adapters (payment provider, mail transport, token issuer…) to its context (or keeps it). */
  context: (base: ServiceContext, deps: PlatformDeps) => Ctx | Promise<Ctx>
  routes: (app: HttpApp, ctx: Ctx) => void | Promise<void>
  consumers?: Consumers<Ctx>
  workers?: Worker<Ctx>[]
  /** The user's current session version from this service's own data, if it has authenticated routes. */
  sessionVersionOf?: (ctx: Ctx, userId: string) => Promise<number | undefined>
  /** Runs once the service is mounted, before its events flow (rebuilding a read model, creating the configured admin). */
  start?: (ctx: Ctx) => Promise<void>
  /** Releases what `context` opened (connections of its own), after the service's events have drained. */
  stop?: (ctx: Ctx) => Promise<void>
  /** What the service does when a page of the web app is opened in this process (see PageVisit). */
  pageVisit?: (ctx: Ctx) => PageVisit
  /** What the service adds to its `GET /api/<service>/health` (see ServiceHealth). */
  health?: ServiceHealth<Ctx>
}

/**
 * A service's own figures in its health answer, next to the platform's checks (database, broker, cache, event
 * backlog), and who may read them: everyone (the default, for load balancers), or admins when they tell about the
 * business rather than the process.
 */
export type ServiceHealth<Ctx extends ServiceContext = ServiceContext> = {
  details: (ctx: Ctx) => Promise<Record<string, unknown>>
  access?: 'public' | 'admin'
}

/**
 * What a service does when someone opens a page of the web app (a page route, not the API or an asset), before the
 * page is sent: the ambassador service counts a referral link's click and sets the referral cookie. It may add
 * headers (a cookie) but never waits for anything: the page goes out at once, the same with or without it.
 */
export type PageVisit = (request: FastifyRequest, reply: FastifyReply) => void

export type AfterCommit = () => Promise<void>

export type MountedService = {
  /** The service's whole context, its own adapters included. */
  context: ServiceContext
  registerRoutes(app: HttpApp): Promise<void>
  consumedTypes: EventType[]
  /** Applies an event inside `tx`; returns the effects to run once it commits. */
  apply(tx: Database, event: EventEnvelope): Promise<AfterCommit>
  workers: { name: string; intervalMs: number; run(): Promise<number> }[]
  sessionVersionOf?: (userId: string) => Promise<number | undefined>
  start(): Promise<void>
  stop(): Promise<void>
  pageVisit?: PageVisit
  health?: { details(): Promise<Record<string, unknown>>; access: 'public' | 'admin' }
}

/** A service as the platform sees it: its name, schema, migrations, and how to mount it. */
export type Service = {
  name: ServiceName
  migrationsFolder: string
  tables: EventTables
  mount(base: ServiceContext, deps: PlatformDeps): Promise<MountedService>
}

/** Declares a service: the whole of it at a glance (routes, consumers, workers), typed by its context. */
export function defineService<Ctx extends ServiceContext>(definition: ServiceDefinition<Ctx>): Service {
  return {
    name: definition.name,
    migrationsFolder: definition.migrationsFolder,
    tables: definition.tables,
    async mount(base, deps) {
      const ctx = await definition.context(base, deps)
      const consumers = definition.consumers ?? {}
      const health = definition.health
      return {
        context: ctx,
        registerRoutes: async (app) => {
          await app.register(async (scoped) => definition.routes(scoped, ctx))
        },
        consumedTypes: Object.keys(consumers) as EventType[],
        apply: async (tx, event) => {
          const consume = consumers[event.type] as
            | ((ctx: ConsumerContext<Ctx>, event: EventEnvelope) => Promise<void>)
            | undefined
          const effects: AfterCommit[] = []
          if (consume) await consume({ ...ctx, db: tx, afterCommit: (effect) => effects.push(effect) }, event)
          return async () => {
            for (const effect of effects) await effect()
          }
        },
        sessionVersionOf:
          definition.sessionVersionOf &&
          ((userId) => definition.sessionVersionOf?.(ctx, userId) ?? Promise.resolve(undefined)),
        workers: (definition.workers ?? []).map((w) => ({
          name: w.name,
          intervalMs: w.intervalMs,
          run: () => w.run(ctx),
        })),
        start: async () => {
          await definition.start?.(ctx)
        },
        stop: async () => {
          await definition.stop?.(ctx)
        },
        ...(definition.pageVisit ? { pageVisit: definition.pageVisit(ctx) } : {}),
        ...(health ? { health: { details: () => health.details(ctx), access: health.access ?? 'public' } } : {}),
      }
    },
  }
}
