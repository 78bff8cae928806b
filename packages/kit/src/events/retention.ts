import { and, inArray, isNotNull, lt } from 'drizzle-orm'
import type { Clock } from '../clock/clock.ts'
import type { Database } from '../db/database.ts'
import type { EventTables } from './tables.ts'

/** Rows one pass deletes from each table at most, so pruning a long backlog never holds a lock for long. */
const PRUNE_BATCH = 5_000

/**
 * Deletes what the event tables no longer need: outbox rows published more than `days` ago (never an unpublished
 * one), and inbox rows older than that. An inbox row only has to outlive redeliveries of its event — a broker
 * redelivers what a consumer has not committed, minutes at most — and a dead letter's replay forgets the row it
 * needs anyway. Dead letters stay until someone deals with them. Returns how many rows went.
 */
export async function pruneEventTables(db: Database, tables: EventTables, clock: Clock, days: number): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - days * 86_400_000).toISOString()
  const { outbox, inbox } = tables
  const oldOutbox = db
    .select({ position: outbox.position })
    .from(outbox)
    .where(and(isNotNull(outbox.publishedAt), lt(outbox.publishedAt, cutoff)))
    .limit(PRUNE_BATCH)
  const prunedOutbox = await db
    .delete(outbox)
    .where(inArray(outbox.position, oldOutbox))
    .returning({ position: outbox.position })
  const oldInbox = db
    .select({ eventId: inbox.eventId })
    .from(inbox)
    .where(lt(inbox.processedAt, cutoff))
    .limit(PRUNE_BATCH)
  const prunedInbox = await db
    .delete(inbox)
    .where(inArray(inbox.eventId, oldInbox))
    .returning({ eventId: inbox.eventId })
  return prunedOutbox.length + prunedInbox.length
}
