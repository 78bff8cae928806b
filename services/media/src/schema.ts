import { eventTables } from '@ambassador/kit/events/tables'
import { pgSchema } from 'drizzle-orm/pg-core'

export const mediaSchema = pgSchema('media')

export const { outbox, inbox, deadLetters } = eventTables('media')
export const tables = { outbox, inbox, deadLetters }
