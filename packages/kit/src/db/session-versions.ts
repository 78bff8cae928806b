import { eq } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import { isUuid } from '../ids/ids.ts'
import type { Database } from './database.ts'

/**
 * How a service reads a user's session version from its own table of users (the accounts, or a read model of them
 * fed by user.* events): what `defineService({ sessionVersionOf })` takes.
 */
export function sessionVersionFrom(table: PgTable & { id: AnyPgColumn; sessionVersion: AnyPgColumn }) {
  return async (ctx: { db: Database }, userId: string): Promise<number | undefined> => {
    if (!isUuid(userId)) return undefined
    const [row] = await ctx.db
      .select({ version: table.sessionVersion })
      .from(table as PgTable)
      .where(eq(table.id, userId))
    return row?.version as number | undefined
  }
}
