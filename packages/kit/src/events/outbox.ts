import type { EventEnvelope, EventMap, EventType } from '@ambassador/contracts/events'
import { sql } from 'drizzle-orm'
import type { Clock } from '../clock/clock.ts'
import type { Database } from '../db/database.ts'
import { newId } from '../ids/ids.ts'
import { activeTraceparent } from '../tracing/tracing.ts'
import type { EventTables } from './tables.ts'

export type NewEvent<T extends EventType> = { type: T; key: string; data: EventMap[T]; version?: number }

/** Records events in the service's outbox, inside the caller's transaction, so they commit with the change. */
export type Outbox = {
  add<T extends EventType>(tx: Database, event: NewEvent<T>): Promise<EventEnvelope<T>>
  /**
   * Publishes what the outbox holds now instead of on the relay's next wake-up, for a write whose effect elsewhere
   * the caller must see at once (a new link at checkout). Every consumer in this process has applied it when this
   * resolves (embedded: every consumer); consumers in other processes get it from the broker as soon as they can.
   * Never fails the caller, waits 2 s at most: at worst the relay publishes it later.
   */
  flush(): Promise<void>
}

/** How long `flush` waits at most before leaving the events to the relay. */
const FLUSH_WAIT_MS = 2_000

export function outboxChannel(schema: string): string {
  return `outbox_${schema}`
}

export function createOutbox(
  schema: string,
  tables: EventTables,
  clock: Clock,
  publishNow: () => Promise<unknown> = async () => {},
): Outbox {
  return {
    async flush() {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        publishNow().catch(() => {}),
        new Promise((resolve) => {
          timer = setTimeout(resolve, FLUSH_WAIT_MS)
        }),
      ])
      clearTimeout(timer)
    },
    async add(tx, event) {
      const envelope = {
        id: newId(),
        type: event.type,
        version: event.version ?? 1,
        occurredAt: clock.now().toISOString(),
        key: event.key,
        data: event.data,
      } as EventEnvelope<typeof event.type>
      const inserted = tx
        .insert(tables.outbox)
        .values({
          id: envelope.id,
          type: envelope.type,
          version: envelope.version,
          key: envelope.key,
          data: envelope.data,
          occurredAt: envelope.occurredAt,
          traceparent: activeTraceparent() ?? null,
        })
        .returning({ id: tables.outbox.id })
      // One round trip: the row, and a notification PostgreSQL delivers only when the transaction commits, which
      // wakes the relay without polling.
      await tx.execute(sql`WITH inserted AS ${inserted} SELECT pg_notify(${outboxChannel(schema)}, '') FROM inserted`)
      return envelope
    },
  }
}
