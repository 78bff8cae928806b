import type { Database } from '@ambassador/kit/db/database'
import { getTableColumns, type SQL, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'

/**
 * Adds `amounts` to the rollup row named by `key` (its primary key), creating the row when it is the first (with
 * `attributes`, columns that are not added up): one statement, so concurrent events for the same day add up rather
 * than overwrite each other.
 */
export async function addUp<T extends PgTable>(
  db: Database,
  table: T,
  key: Partial<T['$inferInsert']>,
  amounts: Partial<Record<keyof T['$inferInsert'], number>>,
  attributes: Partial<T['$inferInsert']> = {},
) {
  const columns = getTableColumns(table) as Record<string, PgColumn>
  const target = Object.keys(key).flatMap((name) => (columns[name] ? [columns[name]] : []))
  const set: Record<string, SQL> = {}
  for (const name of Object.keys(amounts)) {
    const column = columns[name]
    if (column) set[name] = sql`${column} + excluded.${sql.identifier(column.name)}`
  }
  await db
    .insert(table)
    .values({ ...attributes, ...key, ...amounts } as T['$inferInsert'])
    .onConflictDoUpdate({ target, set })
}
