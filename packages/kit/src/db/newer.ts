import { type SQL, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'

/**
 * For an upsert's `setWhere`: overwrite the stored row only when the incoming one is at least as new, by the
 * `column` holding when the event that wrote each occurred. A row stored before such times were kept (null)
 * takes any update. Read models use it so a late or replayed event never undoes a newer one.
 */
export function newerThanStored(column: AnyPgColumn): SQL {
  return sql`${column} IS NULL OR ${column} <= excluded.${sql.identifier(column.name)}`
}
