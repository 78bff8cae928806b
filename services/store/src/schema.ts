import { eventTables } from '@ambassador/kit/events/tables'
import { pgSchema } from 'drizzle-orm/pg-core'

export const storeSchema = pgSchema('store')

export const { outbox, inbox, deadLetters } = eventTables('store')
export const tables = { outbox, inbox, deadLetters }
