import type { EventEnvelope, EventType } from '@ambassador/contracts/events'
import { asc, inArray, isNull } from 'drizzle-orm'
import pg from 'pg'
import type { Clock } from '../clock/clock.ts'
import type { Database } from '../db/database.ts'
import type { Logger } from '../log/log.ts'
import { outboxChannel } from './outbox.ts'
import type { EventTables } from './tables.ts'
import type { EventTransport } from './transport.ts'

/** Events per pass: one transaction per consumer for all of them when the transport takes batches. */
const BATCH = 200

export type Relay = {
  /** Publishes what the outbox holds, oldest first; returns how many events went out. */
  runOnce(): Promise<number>
  start(): Promise<void>
  /** Stops listening and publishes what is left. */
  stop(): Promise<void>
}

type RelayOptions = {
  schema: string
  db: Database
  pool: pg.Pool
  databaseUrl: string
  tables: EventTables
  transport: EventTransport
  clock: Clock
  log: Logger
  pollIntervalMs?: number
}

/**
 * Moves a service's outbox onto the transport. Woken by the NOTIFY its outbox sends on commit, and by a slow
 * poll in case a notification is missed. One relay per schema at a time (advisory lock), in outbox order;
 * a row is marked published only after the transport acknowledged it.
 */
export function createRelay(options: RelayOptions): Relay {
  const { schema, db, tables, transport, clock, log } = options
  let listener: pg.Client | undefined
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false
  let stopped = false

  // Passes in this process run one at a time, so runOnce (drain) waits for a background pass instead of finding
  // the lock taken and reporting nothing to do. The advisory lock arbitrates between processes.
  let queue: Promise<unknown> = Promise.resolve()
  function runOnce(): Promise<number> {
    const next = queue.then(pass, pass)
    queue = next.catch(() => {})
    return next
  }

  async function pass(): Promise<number> {
    // A session lock on one connection, not a transaction: publishing is a network call (Kafka), and no
    // transaction stays open across it. If this process dies, its session ends and the lock with it.
    const lockHolder = await options.pool.connect()
    let broken = false
    // A checked-out client has no pool listener: a connection dropped while we hold it must not crash the process.
    const onError = (error: Error) => {
      broken = true
      log.warn({ err: error, schema }, 'outbox relay lost its database connection')
    }
    lockHolder.on('error', onError)
    try {
      const lock = await lockHolder.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        `relay:${schema}`,
      ])
      if (!lock.rows[0]?.locked) return 0
      try {
        return await publishBatch()
      } finally {
        await lockHolder.query('SELECT pg_advisory_unlock(hashtext($1))', [`relay:${schema}`]).catch(() => {
          broken = true
        })
      }
    } catch (error) {
      broken = true
      throw error
    } finally {
      lockHolder.off('error', onError)
      lockHolder.release(broken)
    }
  }

  async function publishBatch(): Promise<number> {
    const rows = await db
      .select()
      .from(tables.outbox)
      .where(isNull(tables.outbox.publishedAt))
      .orderBy(asc(tables.outbox.position))
      .limit(BATCH)
    const envelope = (row: (typeof rows)[number]) =>
      ({
        id: row.id,
        type: row.type as EventType,
        version: row.version,
        occurredAt: new Date(row.occurredAt).toISOString(),
        key: row.key,
        data: row.data,
      }) as EventEnvelope
    const sent: number[] = []
    let failure: unknown
    if (transport.publishBatch && rows.length > 0) {
      // All or none: what a failed batch delivered comes again, and consumers' inboxes skip it.
      try {
        await transport.publishBatch(rows.map(envelope))
        sent.push(...rows.map((row) => row.position))
      } catch (error) {
        failure = error
      }
    } else {
      for (const row of rows) {
        try {
          await transport.publish(envelope(row))
          sent.push(row.position)
        } catch (error) {
          failure = error // stop here: later rows of the same key must not overtake this one
          break
        }
      }
    }
    // What went out is marked even when a later publish failed; if marking fails, those rows go out again and
    // consumers' inboxes skip them.
    if (sent.length > 0) {
      await db
        .update(tables.outbox)
        .set({ publishedAt: clock.now().toISOString() })
        .where(inArray(tables.outbox.position, sent))
    }
    if (failure) throw failure
    return sent.length
  }

  function kick() {
    if (stopped) return
    if (running !== undefined) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        try {
          const sent = await runOnce()
          if (sent === BATCH) again = true
        } catch (error) {
          log.warn({ err: error, schema }, 'outbox relay pass failed; will retry')
        }
      } while (again && !stopped)
    })().finally(() => {
      running = undefined
    })
  }

  async function listen() {
    const client = new pg.Client({ connectionString: options.databaseUrl })
    client.on('error', (error) => {
      log.warn({ err: error, schema }, 'outbox listener lost its connection; polling until it is back')
      listener = undefined
      if (!stopped) setTimeout(() => void listen().catch(() => {}), 1_000).unref()
    })
    client.on('notification', kick)
    await client.connect()
    await client.query(`LISTEN ${client.escapeIdentifier(outboxChannel(schema))}`)
    listener = client
  }

  return {
    runOnce,
    async start() {
      stopped = false
      await listen()
      timer = setInterval(kick, options.pollIntervalMs ?? 1_000)
      timer.unref()
      kick()
    },
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      await running
      const client = listener
      listener = undefined
      await client?.end().catch(() => {})
      await runOnce().catch((error) => log.warn({ err: error, schema }, 'final outbox pass failed'))
    },
  }
}
