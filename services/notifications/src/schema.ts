import { eventTables } from '@ambassador/kit/events/tables'
import {
  boolean,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

export const notificationsSchema = pgSchema('notifications')

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' })

/** Where admins asked us to POST events: the URL, its signing secret, which event types, and whether it is on. */
export const webhookEndpoints = notificationsSchema.table('webhook_endpoints', {
  id: uuid('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  /** The HMAC key: kept as it is (signing needs it), shown to the admin once when created or rotated. */
  secret: text('secret').notNull(),
  eventTypes: text('event_types').array().notNull(),
  enabled: boolean('enabled').notNull(),
  /** Why it was turned off by us (every attempt failed for a day); null when an admin turned it off, or it is on. */
  disabledReason: text('disabled_reason'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
})

/**
 * A chat room admins asked us to tell about the store (a Discord or Slack incoming webhook), or a list of admins'
 * phones to text (`sms`, numbers in sms_recipients), and which topics it gets. The webhook URL is the room's password:
 * answers show only its host and last characters.
 */
export const chatChannels = notificationsSchema.table('chat_channels', {
  id: uuid('id').primaryKey(),
  kind: text('kind').$type<'discord' | 'slack' | 'sms'>().notNull(),
  name: text('name').notNull(),
  /** The incoming webhook URL; null for an SMS channel. */
  url: text('url'),
  topics: text('topics').array().notNull(),
  enabled: boolean('enabled').notNull(),
  /** Why it was turned off by us (every attempt failed for a day); null when an admin turned it off, or it is on. */
  disabledReason: text('disabled_reason'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
})

/**
 * One phone number of an SMS channel: the target of its texts in the delivery engine, so each number has its own
 * delivery per event, retries and health.
 */
export const smsRecipients = notificationsSchema.table(
  'sms_recipients',
  {
    id: uuid('id').primaryKey(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => chatChannels.id, { onDelete: 'cascade' }),
    /** E.164 (+15551234567): personal data, shown to admins only masked. */
    phone: text('phone').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('sms_recipients_channel_phone_key').on(t.channelId, t.phone)],
)

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled'

/**
 * One message to one target of a channel (a webhook endpoint today): the delivery engine's queue. The payload is
 * fixed when it is queued, so every attempt (and a resend) carries the same body and event id.
 */
export const deliveries = notificationsSchema.table(
  'deliveries',
  {
    id: uuid('id').primaryKey(),
    /** Which channel sends it (`webhook`); the channel knows what a target id names. */
    channel: text('channel').notNull(),
    targetId: uuid('target_id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** What is sent, as the channel serialized it (the exact bytes that are signed). */
    body: text('body').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull(),
    /** Retries stop (the delivery fails) once an attempt fails after this. */
    giveUpAt: at('give_up_at').notNull(),
    lastAttemptAt: at('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastResponseExcerpt: text('last_response_excerpt'),
    lastRequestHeaders: jsonb('last_request_headers').$type<Record<string, string>>(),
    createdAt: at('created_at').notNull(),
    deliveredAt: at('delivered_at'),
  },
  (t) => [
    // One delivery per target per event, however often the event arrives.
    uniqueIndex('deliveries_channel_target_event_key').on(t.channel, t.targetId, t.eventId),
    index('deliveries_due').on(t.status, t.nextAttemptAt),
    index('deliveries_target_created').on(t.targetId, t.createdAt),
  ],
)

/** Every attempt at a delivery, with what was sent and what came back: the request/response log. */
export const deliveryAttempts = notificationsSchema.table(
  'delivery_attempts',
  {
    id: uuid('id').primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    startedAt: at('started_at').notNull(),
    requestHeaders: jsonb('request_headers').$type<Record<string, string>>().notNull(),
    statusCode: integer('status_code'),
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('delivery_attempts_delivery').on(t.deliveryId, t.number)],
)

/**
 * The health of one target as the engine sees it: since when every attempt has failed (null after a success), and
 * until when it asked us to wait (a 429/503 Retry-After), during which none of its deliveries is attempted.
 */
export const deliveryTargets = notificationsSchema.table(
  'delivery_targets',
  {
    channel: text('channel').notNull(),
    targetId: uuid('target_id').notNull(),
    failingSince: at('failing_since'),
    pausedUntil: at('paused_until'),
    lastSuccessAt: at('last_success_at'),
  },
  (t) => [primaryKey({ columns: [t.channel, t.targetId] })],
)

/** The users service's accounts as far as signing in here needs (user.* events): tokens of an older session are refused. */
export const accounts = notificationsSchema.table('accounts', {
  id: uuid('id').primaryKey(),
  sessionVersion: integer('session_version').notNull().default(0),
  updatedAt: at('updated_at').notNull(),
})

export const { outbox, inbox, deadLetters } = eventTables('notifications')
export const tables = { outbox, inbox, deadLetters }
