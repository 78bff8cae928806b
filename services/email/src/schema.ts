import { eventTables } from '@ambassador/kit/events/tables'
import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { MailAttachment } from './transport.ts'

export const emailSchema = pgSchema('email')

export const roles = emailSchema.enum('role', ['admin', 'ambassador', 'shopper'])

export const emailStatuses = emailSchema.enum('email_status', ['queued', 'sent', 'failed'])

/** Who we can write to: a read model of the users service's accounts, fed by user.registered/user.updated. */
export const recipients = emailSchema.table(
  'recipients',
  {
    id: uuid('id').primaryKey(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull(),
    role: roles('role').notNull(),
    /** The user's session version (user.* events): tokens issued under an older one are refused here. */
    sessionVersion: integer('session_version').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('recipients_role').on(t.role)],
)

/** The outgoing mail log: every message we mean to send, with its delivery state. */
export const emails = emailSchema.table(
  'emails',
  {
    id: uuid('id').primaryKey(),
    /** The event that caused this mail: with kind and recipient, it makes queueing idempotent. */
    eventId: uuid('event_id').notNull(),
    kind: text('kind').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** Files sent with it (the invoice with a receipt); null for none. */
    attachments: jsonb('attachments').$type<MailAttachment[]>(),
    status: emailStatuses('status').notNull().default('queued'),
    /** Send attempts started so far (counted when a worker claims the mail). */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When a worker may next pick this mail up: now when queued, later after a failure or while claimed. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('emails_event_kind_to_key').on(t.eventId, t.kind, t.to),
    // The worker only looks at queued mail that is due: keep that a small index however long the log grows.
    index('emails_due').on(t.nextAttemptAt).where(sql`status = 'queued'`),
    index('emails_created').on(t.createdAt),
  ],
)

/** The embedded mail transport's mailbox: what "was delivered", viewable in the web app; nothing leaves the machine. */
export const mailboxMessages = emailSchema.table(
  'mailbox_messages',
  {
    id: uuid('id').primaryKey(),
    messageId: text('message_id').notNull().unique(),
    from: text('from').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    attachments: jsonb('attachments').$type<MailAttachment[]>(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('mailbox_messages_received').on(t.receivedAt)],
)

export const { outbox, inbox, deadLetters } = eventTables('email')
export const tables = { outbox, inbox, deadLetters }
