import type { UserData } from '@ambassador/contracts/events'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { accounts, orders } from './schema.ts'

/**
 * A shopper who proved they receive mail at their address takes the orders placed as a guest with it (in any case):
 * they show in the account from then on. Only orders nobody owns move — never another account's — so applying the
 * same event again changes nothing. An ambassador or admin, or an address not proved, takes none.
 *
 * Call after the account's read model took the event: an event older than what it holds (a late or replayed one,
 * from before the email changed) joins nothing.
 */
export async function joinGuestOrders(ctx: ConsumerContext<ServiceContext>, user: UserData, at: string) {
  if (user.role !== 'shopper' || user.email_verified !== true) return 0
  const [newer] = await ctx.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, user.id), gt(accounts.updatedAt, at)))
  if (newer) return 0
  const joined = await ctx.db
    .update(orders)
    .set({ customerId: user.id })
    .where(guestOrdersWith(user.email))
    .returning({ id: orders.id })
  if (joined.length > 0) ctx.log.info({ customerId: user.id, orders: joined.length }, 'guest orders joined an account')
  return joined.length
}

/** The orders nobody owns that were placed with this email, in any case: the partial index orders_guest_email answers it. */
export const guestOrdersWith = (email: string) =>
  and(isNull(orders.customerId), sql`lower(${orders.email}) = lower(${email.trim()})`)
