import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { databaseUrl } from '../db/embedded-postgres.ts'

/** A new, empty database on the test server, for one test file. */
export async function createTestDatabase(): Promise<string> {
  const server = inject('postgresUrl')
  const name = `ambassador_test_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: server })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
  } finally {
    await client.end()
  }
  return databaseUrl(server, name)
}
