import type { UserData } from '@ambassador/contracts/events'
import { applyIfNewer } from '@ambassador/kit/db/newer'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { eq, or } from 'drizzle-orm'
import { recipients } from './schema.ts'

export type Recipient = typeof recipients.$inferSelect

/** Records (or refreshes) who a user is and where to write to them, from user.registered/user.updated. */
export async function upsertRecipient(ctx: ConsumerContext<ServiceContext>, user: UserData, at: string) {
  ctx.afterCommit(async () => ctx.sessions.forget(user.id))
  // An older event (a replay) never puts back an address the user has since changed.
  await applyIfNewer(ctx.db, recipients, {
    id: user.id,
    firstName: user.first_name,
    lastName: user.last_name,
    email: user.email.trim().toLowerCase(),
    role: user.role,
    sessionVersion: user.session_version ?? 0,
    updatedAt: at,
  })
}

/**
 * Who hears about an order, in one query: the ambassador (when given and known), and the addresses told about
 * every order — each admin we know of plus the configured extras, once each.
 */
export async function orderRecipients(ctx: ServiceContext, ambassadorId?: string) {
  const isAdmin = eq(recipients.role, 'admin')
  const rows = await ctx.db
    .select()
    .from(recipients)
    .where(ambassadorId === undefined ? isAdmin : or(isAdmin, eq(recipients.id, ambassadorId)))
  const ambassador = rows.find((r) => r.id === ambassadorId)
  const admins = rows.filter((r) => r.role === 'admin').map((r) => r.email)
  const all = [...admins, ...ctx.config.adminNotifyEmails].map((e) => e.trim().toLowerCase())
  return { ambassador, adminAddresses: [...new Set(all)].sort() }
}
