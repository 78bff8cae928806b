import { eventTables } from '@ambassador/kit/events/tables'
import { bigint, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const usersSchema = pgSchema('users')

export const roles = usersSchema.enum('role', ['admin', 'ambassador', 'shopper'])

export const accounts = usersSchema.table(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    /** Stored lowercased: one account per address, whatever the case it is typed in. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roles('role').notNull(),
    /** Moved on by signing out and by a password change: every token issued under an older version is refused. */
    sessionVersion: integer('session_version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [uniqueIndex('accounts_email_key').on(t.email)],
)

/** Each ambassador's total commission, kept from order.completed. */
export const earnings = usersSchema.table('earnings', {
  userId: uuid('user_id').primaryKey(),
  revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull(),
})

/**
 * Failed sign-ins per email address (known or not: the answer must not depend on it), for the per-account backoff.
 * A success deletes the row.
 */
export const signInFailures = usersSchema.table('sign_in_failures', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailedAt: timestamp('last_failed_at', { withTimezone: true, mode: 'string' }).notNull(),
})

export const { outbox, inbox, deadLetters } = eventTables('users')
export const tables = { outbox, inbox, deadLetters }
