import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../testing/database.ts'
import { type DatabasePool, inTransaction, openDatabase } from './database.ts'
import { executePrepared } from './prepared.ts'

let database: DatabasePool

beforeAll(async () => {
  database = openDatabase(await createTestDatabase(), 1, () => {})
})
afterAll(() => database?.close())

const preparedNames = async () =>
  (await database.pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map(
    (r) => r.name,
  )

describe('prepared statements', () => {
  it('prepares each distinct statement text once per connection and answers with its parameters each time', async () => {
    const square = (n: number) => sql`SELECT ${n}::int * ${n}::int AS square`
    expect((await executePrepared<{ square: number }>(database.db, square(3))).rows).toEqual([{ square: 9 }])
    expect((await executePrepared<{ square: number }>(database.db, square(4))).rows).toEqual([{ square: 16 }])
    await executePrepared(database.db, sql`SELECT ${'other'}::text AS word`)
    // One connection in the pool: both texts are prepared on it, each once.
    expect(await preparedNames()).toHaveLength(2)
  })

  it('runs plainly inside a transaction, where no statement is named', async () => {
    const answer = await inTransaction(database.db, (tx) =>
      executePrepared<{ n: number }>(tx, sql`SELECT ${7}::int AS n`),
    )
    expect(answer.rows).toEqual([{ n: 7 }])
  })
})
