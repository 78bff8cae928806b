import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres'
import { drizzle } from 'drizzle-orm/node-postgres'
import type { PgDatabase } from 'drizzle-orm/pg-core'
import pg from 'pg'

/** A Drizzle handle: the pool itself or an open transaction (both answer the same queries). */
export type Database = PgDatabase<NodePgQueryResultHKT, Record<string, never>>

export type DatabasePool = { db: Database; pool: pg.Pool; url: string; close(): Promise<void> }

/** Opens a connection pool to PostgreSQL; idle connections that break are dropped, not fatal. */
export function openDatabase(url: string, poolSize: number, onError: (error: Error) => void): DatabasePool {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 })
  let closed = false
  // pool.end() resolves before its sockets have closed; a server stopping right after may still reach them.
  pool.on('error', (error) => {
    if (!closed) onError(error)
  })
  // pg-pool listens for errors only on idle clients; a connection dropped while a client is checked out (inside
  // a transaction, say) would emit an unhandled 'error' and crash the process. The query in flight fails on its
  // own (→ 503 or a retry), so here it only needs a listener.
  pool.on('connect', (client) => {
    client.on('error', () => {})
  })
  const db = drizzle({ client: pool }) as unknown as Database
  return {
    db,
    pool,
    url,
    async close() {
      if (closed) return
      closed = true
      await pool.end()
    },
  }
}

/** Runs `work` inside one transaction; the events it adds to the outbox commit with it. */
export function inTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Database))
}
