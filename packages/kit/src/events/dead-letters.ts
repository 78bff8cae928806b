import type { EventEnvelope } from '@ambassador/contracts/events'
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm'
import { type Database, inTransaction } from '../db/database.ts'
import { outboxChannel } from './outbox.ts'
import type { EventTables } from './tables.ts'

export type DeadLetter = {
  id: string
  consumer: string
  type: string
  eventId: string
  error: string
  attempts: number
  createdAt: string
}

/** The events a service's consumers gave up on, oldest first. */
export async function listDeadLetters(db: Database, tables: EventTables): Promise<DeadLetter[]> {
  const { envelope: _envelope, ...columns } = getTableColumns(tables.deadLetters)
  return db.select(columns).from(tables.deadLetters).orderBy(asc(tables.deadLetters.createdAt))
}

/**
 * Sends parked events through again, once their cause is fixed: each leaves the dead letters, its inbox row is
 * forgotten so its consumer applies it anew, and the original envelope (same id) goes out through this
 * service's outbox. Every other consumer has that id in its inbox and skips it. All or none, in one transaction;
 * the relay (of the running server, or of the next start) publishes them. Returns how many were requeued.
 */
export async function requeueDeadLetters(
  db: Database,
  schema: string,
  tables: EventTables,
  ids?: string[],
): Promise<number> {
  return inTransaction(db, async (tx) => {
    const parked = await tx
      .delete(tables.deadLetters)
      .where(ids ? inArray(tables.deadLetters.id, ids) : undefined)
      .returning()
    for (const letter of parked) {
      await tx
        .delete(tables.inbox)
        .where(and(eq(tables.inbox.eventId, letter.eventId), eq(tables.inbox.consumer, letter.consumer)))
      const event = letter.envelope as EventEnvelope
      await tx
        .insert(tables.outbox)
        .values({
          id: event.id,
          type: event.type,
          version: event.version,
          key: event.key,
          data: event.data,
          occurredAt: event.occurredAt,
        })
        // Requeued once before: publish it again.
        .onConflictDoUpdate({ target: tables.outbox.id, set: { publishedAt: null } })
    }
    if (parked.length > 0) await tx.execute(sql`SELECT pg_notify(${outboxChannel(schema)}, '')`)
    return parked.length
  })
}
