import { sql } from 'drizzle-orm'
import { bigserial, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * The event tables every service has in its own schema: the outbox it publishes from, the inbox of events it
 * has applied, and the dead letters it gave up on. Spread into the service's schema.ts so migrations include them.
 */
export function eventTables(schemaName: string) {
  const schema = pgSchema(schemaName)
  return {
    outbox: schema.table(
      'outbox',
      {
        position: bigserial('position', { mode: 'number' }).primaryKey(),
        id: uuid('id').notNull().unique(),
        type: text('type').notNull(),
        version: integer('version').notNull(),
        key: text('key').notNull(),
        data: jsonb('data').notNull(),
        occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
        publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
        /** The W3C trace context the event was written in (tracing on): its publish and consume spans join that trace. */
        traceparent: text('traceparent'),
      },
      // The relay reads only unpublished rows, in order: keep that a small index however large the outbox grows.
      (t) => [index('outbox_unpublished').on(t.position).where(sql`published_at IS NULL`)],
    ),
    inbox: schema.table(
      'inbox',
      {
        eventId: uuid('event_id').notNull(),
        consumer: text('consumer').notNull(),
        type: text('type').notNull(),
        processedAt: timestamp('processed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
      },
      (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
    ),
    deadLetters: schema.table('dead_letters', {
      id: uuid('id').primaryKey(),
      eventId: uuid('event_id').notNull(),
      consumer: text('consumer').notNull(),
      type: text('type').notNull(),
      envelope: jsonb('envelope').notNull(),
      error: text('error').notNull(),
      attempts: integer('attempts').notNull(),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    }),
  }
}

export type EventTables = ReturnType<typeof eventTables>
