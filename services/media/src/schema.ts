import { eventTables } from '@ambassador/kit/events/tables'
import { index, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import type { VariantName } from './variants.ts'

export const mediaSchema = pgSchema('media')

/** What is kept of one stored variant: its size in pixels and in bytes (the file itself is in the storage). */
export type StoredVariant = { width: number; height: number; bytes: number }

/** Every uploaded image: the original's facts, and the WebP variants stored under `<hash>-<variant>.webp`. */
export const images = mediaSchema.table(
  'images',
  {
    id: uuid('id').primaryKey(),
    /** sha256 of the original bytes (first 32 hex digits): names the files, and makes uploads idempotent. */
    hash: text('hash').notNull().unique(),
    /** The original's format, read from its bytes: jpeg, png or webp. */
    format: text('format').notNull(),
    /** The original's size as displayed (after its EXIF orientation), and its length in bytes. */
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    variants: jsonb('variants').$type<Record<VariantName, StoredVariant>>().notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('images_created').on(t.createdAt)],
)

/** The users service's accounts as far as signing in here needs (user.* events): tokens of an older session are refused. */
export const accounts = mediaSchema.table('accounts', {
  id: uuid('id').primaryKey(),
  sessionVersion: integer('session_version').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
})

export const { outbox, inbox, deadLetters } = eventTables('media')
export const tables = { outbox, inbox, deadLetters }
