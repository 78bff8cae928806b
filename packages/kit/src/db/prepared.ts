import { createHash } from 'node:crypto'
import type { SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import type pg from 'pg'
import type { Database } from './database.ts'

const dialect = new PgDialect()

/**
 * Runs a statement as a named prepared statement, so PostgreSQL plans each distinct text once per connection
 * instead of at every call — worth it for a large statement run at every request, whose planning costs as much as
 * a small query (the shop's search: ~2 ms of planning). The name is the text's hash, so each variant of a statement
 * (another sort, a filter more) is its own prepared statement. Falls back to a plain execute inside a transaction,
 * where there is no pool to name statements on.
 */
export async function executePrepared<T extends Record<string, unknown>>(db: Database, statement: SQL) {
  const client = (db as unknown as { $client?: pg.Pool }).$client
  if (!client || typeof client.query !== 'function') return db.execute<T>(statement)
  const { sql: text, params } = dialect.sqlToQuery(statement)
  const name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`
  return client.query<T>({ name, text, values: params as unknown[] })
}
