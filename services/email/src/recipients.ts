import type { UserData } from '@ambassador/contracts/events'
import type { Database } from '@ambassador/kit/db/database'
import { newerThanStored } from '@ambassador/kit/db/newer'
import type { ServiceContext } from '@ambassador/kit/service'
import { eq } from 'drizzle-orm'
import { recipients } from './schema.ts'

export type Recipient = typeof recipients.$inferSelect

/** Records (or refreshes) who a user is and where to write to them, from user.registered/user.updated. */
export async function upsertRecipient(ctx: ServiceContext, user: UserData, at: string) {
  const values = {
    firstName: user.first_name,
    lastName: user.last_name,
    email: user.email.trim().toLowerCase(),
    role: user.role,
    updatedAt: at,
  }
  // An older event (a replay) never puts back an address the user has since changed.
  await ctx.db
    .insert(recipients)
    .values({ id: user.id, ...values })
    .onConflictDoUpdate({ target: recipients.id, set: values, setWhere: newerThanStored(recipients.updatedAt) })
}

export async function findRecipient(db: Database, id: string): Promise<Recipient | undefined> {
  const [recipient] = await db.select().from(recipients).where(eq(recipients.id, id))
  return recipient
}

/** The addresses told about every order: each admin we know of plus the configured extras, once each. */
export async function adminNotifyAddresses(ctx: ServiceContext): Promise<string[]> {
  const admins = await ctx.db.select({ email: recipients.email }).from(recipients).where(eq(recipients.role, 'admin'))
  const all = [...admins.map((a) => a.email), ...ctx.config.adminNotifyEmails].map((e) => e.trim().toLowerCase())
  return [...new Set(all)].sort()
}
