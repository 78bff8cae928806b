import type { EventEnvelope, EventType } from '@ambassador/contracts/events'
import pg from 'pg'
import type { Clock } from '../clock/clock.ts'
import type { Logger } from '../log/log.ts'
import { endSpan, startPublishSpans } from '../tracing/tracing.ts'
import { outboxChannel } from './outbox.ts'
import type { EventTransport } from './transport.ts'

/** Events per pass: one transaction per consumer for all of them when the transport takes batches. */
const BATCH = 200
/** How long a busy relay waits between passes, gathering events (Kafka producers' linger.ms). */
const LINGER_MS = 10

export type Relay = {
  /** Publishes what the outbox holds, oldest first; returns how many events went out. */
  runOnce(): Promise<number>
  start(): Promise<void>
  /** Stops listening and publishes what is left. */
  stop(): Promise<void>
}

type RelayOptions = {
  schema: string
  pool: pg.Pool
  databaseUrl: string
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
  const { schema, transport, clock, log } = options
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

  const outboxTable = `${pg.escapeIdentifier(schema)}.outbox`
  const lockKey = `relay:${schema}`
  // Taking the lock and reading the batch is one round trip: on a busy outbox the relay's own chatter with the
  // database is much of its cost. Marking commits before the lock is let go, so the next holder sees it.
  const lockAndRead = `
    WITH lock AS (SELECT pg_try_advisory_lock(hashtext($1)) AS locked)
    SELECT lock.locked, o.position, o.id, o.type, o.version, o.key, o.data, o.occurred_at, o.traceparent
    FROM lock LEFT JOIN LATERAL (
      SELECT * FROM ${outboxTable} WHERE lock.locked AND published_at IS NULL ORDER BY position LIMIT ${BATCH}
    ) o ON true`
  const mark = `UPDATE ${outboxTable} SET published_at = $1 WHERE position = ANY($2::bigint[])`
  const unlock = 'SELECT pg_advisory_unlock(hashtext($1))'

  type OutboxRow = {
    locked: boolean
    position: string | null
    id: string
    type: string
    version: number
    key: string
    data: unknown
    occurred_at: Date | string
    traceparent: string | null
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
      const read = await lockHolder.query<OutboxRow>(lockAndRead, [lockKey])
      if (!read.rows[0]?.locked) return 0
      const { sent, failure } = await publishRows(read.rows.filter((row) => row.position !== null))
      // What went out is marked even when a later publish failed; if marking fails, those rows go out again and
      // consumers' inboxes skip them.
      try {
        if (sent.length > 0) await lockHolder.query(mark, [clock.now().toISOString(), sent])
        await lockHolder.query(unlock, [lockKey])
      } catch (error) {
        broken = true // the lock goes with the connection
        log.warn({ err: error, schema }, 'marking published outbox rows failed; they will go out again')
      }
      if (failure) throw failure
      return sent.length
    } catch (error) {
      broken = true
      throw error
    } finally {
      lockHolder.off('error', onError)
      lockHolder.release(broken)
    }
  }

  /** Publishes the rows in order: the positions that went out, and what stopped the rest. */
  async function publishRows(rows: OutboxRow[]): Promise<{ sent: string[]; failure?: unknown }> {
    if (rows.length === 0) return { sent: [] }
    const envelopes = rows.map(
      (row) =>
        ({
          id: row.id,
          type: row.type as EventType,
          version: row.version,
          occurredAt: new Date(row.occurred_at).toISOString(),
          key: row.key,
          data: row.data,
          ...(row.traceparent ? { traceparent: row.traceparent } : {}),
        }) as EventEnvelope,
    )
    // Tracing on: each envelope now carries its publish span's context instead of the writer's.
    const spans = startPublishSpans(envelopes, schema)
    const ended = (count: number, failure?: unknown) => {
      spans?.forEach((span, i) => {
        if (i < count) endSpan(span)
        else endSpan(span, failure ?? new Error('not published: an earlier event failed'))
      })
    }
    if (transport.publishBatch) {
      // All or none: what a failed batch delivered comes again, and consumers' inboxes skip it.
      try {
        await transport.publishBatch(envelopes)
        ended(rows.length)
        return { sent: rows.map((row) => row.position as string) }
      } catch (failure) {
        ended(0, failure)
        return { sent: [], failure }
      }
    }
    const sent: string[] = []
    for (const [i, row] of rows.entries()) {
      try {
        await transport.publish(envelopes[i] as EventEnvelope)
      } catch (failure) {
        ended(sent.length, failure)
        return { sent, failure } // later rows of the same key must not overtake this one
      }
      sent.push(row.position as string)
    }
    ended(sent.length)
    return { sent }
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
          // Busy (more events committed while this pass ran): wait a moment so the next pass carries more of them.
          // Consumers pay per batch (a transaction each), so under load fewer, larger batches keep read models up
          // to date with less work; an event after a quiet spell still goes out at once.
          else if (again && sent > 0 && !stopped) await new Promise((resolve) => setTimeout(resolve, LINGER_MS))
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
