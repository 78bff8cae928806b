import { sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../testing/database.ts'
import { type DatabasePool, inTransaction, openDatabase } from './database.ts'
import { isDatabaseUnavailable } from './errors.ts'

let url: string
let database: DatabasePool
let killer: pg.Client

beforeAll(async () => {
  url = await createTestDatabase()
  database = openDatabase(url, 2, () => {})
  killer = new pg.Client({ connectionString: url })
  await killer.connect()
})
afterAll(async () => {
  await killer?.end()
  await database?.close()
})

describe('database pool', () => {
  it('survives a connection dropped while a transaction holds it, and keeps serving', async () => {
    const work = inTransaction(database.db, async (tx) => {
      const { rows } = await tx.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`)
      await killer.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid])
      // Between two queries: the drop arrives as an 'error' event on a checked-out client.
      await new Promise((resolve) => setTimeout(resolve, 200))
      await tx.execute(sql`SELECT 1`)
    })
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeDefined()
    expect(isDatabaseUnavailable(error)).toBe(true)
    expect((await database.pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }])
  })
})
