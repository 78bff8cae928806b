import { type EventEnvelope, type EventType, PARKED_ERROR_MAX_LENGTH } from '@ambassador/contracts/events'
import { type Database, inTransaction } from '../db/database.ts'
import { isTransient } from '../db/errors.ts'
import { NotYetError } from '../errors/errors.ts'
import { newId } from '../ids/ids.ts'
import type { Logger } from '../log/log.ts'
import { inConsumeSpan } from '../tracing/tracing.ts'
import type { Outbox } from './outbox.ts'
import type { EventTables } from './tables.ts'
import type { EventDelivery } from './transport.ts'
import { eventProblem } from './validate.ts'

/** Applies an event inside a transaction; returns what to run once that transaction has committed. */
export type ApplyEvent = (tx: Database, event: EventEnvelope) => Promise<() => Promise<void>>

export type RetryPolicy = { attempts: number; baseDelayMs: number }

type DeliveryOptions = {
  /** The service whose schema holds `tables`; it announces what it parks (dead_letter.parked) through `outbox`. */
  service: string
  consumer: string
  db: Database
  tables: EventTables
  outbox: Outbox
  apply: ApplyEvent
  log: Logger
  retry?: RetryPolicy
  /** How long an event may wait for data from another stream (NotYetError) before it is parked. */
  maxWaitMs?: number
}

/**
 * Applies an event at most once per consumer: the inbox row and the handler's writes share one transaction, so
 * a redelivered event is skipped. A batch is applied in one transaction (one commit for all its events, which is
 * what lets read models keep up with a burst); if any of its events fails, the batch is rolled back and its
 * events are applied one by one. A handler that keeps failing is retried with backoff, then parked in the
 * dead-letter table (with its inbox row) so the events after it still flow — unless the failure is transient
 * (database unreachable, serialization/deadlock), which goes back to the transport to be delivered again. Parking
 * writes dead_letter.parked to the service's outbox in the same transaction, so admins can be told.
 */
export function createInboxDelivery(options: DeliveryOptions): EventDelivery {
  const { service, consumer, db, tables, outbox, apply, log } = options
  const retry = options.retry ?? { attempts: 4, baseDelayMs: 100 }

  async function applyOnce(event: EventEnvelope) {
    const afterCommit = await inTransaction(db, async (tx) => {
      const fresh = await tx
        .insert(tables.inbox)
        .values({ eventId: event.id, consumer, type: event.type })
        .onConflictDoNothing()
        .returning({ eventId: tables.inbox.eventId })
      if (fresh.length === 0) return undefined
      return inConsumeSpan(event, consumer, () => apply(tx, event))
    })
    // The change is durable now; a failing side effect (say, a cache flush) must not re-apply the event.
    await afterCommit?.().catch((error) =>
      log.warn({ err: error, consumer, eventId: event.id }, 'after-commit effect failed'),
    )
  }

  async function applyBatch(events: readonly EventEnvelope[]) {
    const effects = await inTransaction(db, async (tx) => {
      const fresh = await tx
        .insert(tables.inbox)
        .values(events.map((event) => ({ eventId: event.id, consumer, type: event.type })))
        .onConflictDoNothing()
        .returning({ eventId: tables.inbox.eventId })
      const freshIds = new Set(fresh.map((row) => row.eventId))
      const afterCommit: (() => Promise<void>)[] = []
      for (const event of events) {
        // The same event twice in one batch is applied once, like a redelivery.
        if (freshIds.delete(event.id)) afterCommit.push(await inConsumeSpan(event, consumer, () => apply(tx, event)))
      }
      return afterCommit
    })
    for (const effect of effects) {
      await effect().catch((error) => log.warn({ err: error, consumer }, 'after-commit effect failed'))
    }
  }

  const deliver: EventDelivery = async (arrived) => {
    // Validated where they arrive, like HTTP bodies: an event that does not fit the contracts never reaches a
    // handler; it goes to the dead letters with the reason, and the others flow on.
    const events: EventEnvelope[] = []
    for (const event of arrived) {
      const problem = eventProblem(event)
      if (problem) await parkEvent(event, new Error(problem), 0)
      else events.push(event)
    }
    if (events.length === 0) return
    if (events.length > 1) {
      try {
        return await applyBatch(events)
      } catch (error) {
        log.debug({ err: error, consumer, events: events.length }, 'batch failed; applying its events one by one')
      }
    }
    for (const event of events) await deliverOne(event)
  }
  deliver.park = (event, reason) => parkEvent(event, new Error(reason), 0)
  return deliver

  async function deliverOne(event: EventEnvelope) {
    let lastError: unknown
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      try {
        await applyOnce(event)
        return
      } catch (error) {
        lastError = error
        log.warn({ err: error, consumer, eventId: event.id, type: event.type, attempt }, 'event handler failed')
        if (attempt < retry.attempts) await sleep(retry.baseDelayMs * 2 ** (attempt - 1))
      }
    }
    // A database that is down (or a lost race) is no reason to give up on an event: hand it back to the
    // transport, which delivers it again later. Only an event the handler keeps refusing is parked.
    if (isTransient(lastError)) throw lastError
    const age = Date.now() - Date.parse(event.occurredAt)
    if (lastError instanceof NotYetError && age < (options.maxWaitMs ?? 60 * 60 * 1000)) throw lastError
    await parkEvent(event, lastError, retry.attempts)
  }

  async function parkEvent(event: EventEnvelope, error: unknown, attempts: number) {
    log.error({ err: error, consumer, eventId: event.id, type: event.type }, 'event parked in dead letters')
    await inTransaction(db, async (tx) => {
      const fresh = await tx
        .insert(tables.inbox)
        .values({ eventId: event.id, consumer, type: event.type })
        .onConflictDoNothing()
        .returning({ eventId: tables.inbox.eventId })
      if (fresh.length === 0) return
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      const [parked] = await tx
        .insert(tables.deadLetters)
        .values({
          id: newId(),
          eventId: event.id,
          consumer,
          type: event.type as EventType,
          envelope: event,
          error: text,
          attempts,
        })
        .returning({ id: tables.deadLetters.id, createdAt: tables.deadLetters.createdAt })
      // A parked announcement is not announced: the consumer that refused it would refuse that one too, forever.
      if (!parked || event.type === 'dead_letter.parked') return
      await outbox.add(tx, {
        type: 'dead_letter.parked',
        key: consumer,
        data: {
          service,
          consumer,
          dead_letter_id: parked.id,
          event_id: event.id,
          event_type: String(event.type),
          error: cut(text, PARKED_ERROR_MAX_LENGTH),
          attempts,
          parked_at: new Date(parked.createdAt).toISOString(),
        },
      })
    })
  }
}

function cut(text: string, max: number) {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
