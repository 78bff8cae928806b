import type { UserData } from '@ambassador/contracts/events'
import type { Database } from '@ambassador/kit/db/database'
import { newerThanStored } from '@ambassador/kit/db/newer'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm'
import { accounts, orders, verifiedShoppers } from './schema.ts'

/**
 * A shopper who proved they receive mail at their address takes the orders placed as a guest with it (in any case):
 * those placed before, now, and those placed later at once, as checkout keeps the address (`verified_shoppers`).
 * Only orders nobody owns move — never another account's — so applying the same event again changes nothing. An
 * ambassador or admin, or an address not proved, takes none; an address changed or no longer proved stops leading
 * to the account.
 *
 * Call after the account's read model took the event: an event older than what it holds (a late or replayed one,
 * from before the email changed) changes nothing.
 */
export async function joinGuestOrders(ctx: ConsumerContext<ServiceContext>, user: UserData, at: string) {
  const [newer] = await ctx.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, user.id), gt(accounts.updatedAt, at)))
  if (newer) return 0
  const verified = user.role === 'shopper' && user.email_verified === true
  await keepVerifiedAddress(ctx.db, user, verified, at)
  if (!verified) return 0
  const joined = await ctx.db
    .update(orders)
    .set({ customerId: user.id })
    .where(guestOrdersWith(user.email))
    .returning({ id: orders.id })
  if (joined.length > 0) ctx.log.info({ customerId: user.id, orders: joined.length }, 'guest orders joined an account')
  return joined.length
}

/**
 * The account's proved address, and only that one, leads to it. Another account that proved the same address by a
 * newer event keeps it (an address goes to whoever proved it last).
 */
async function keepVerifiedAddress(db: Database, user: UserData, verified: boolean, at: string) {
  const email = sql`lower(${user.email.trim()})`
  await db
    .delete(verifiedShoppers)
    .where(and(eq(verifiedShoppers.customerId, user.id), verified ? ne(verifiedShoppers.email, email) : undefined))
  if (!verified) return
  await db
    .insert(verifiedShoppers)
    .values({ email, customerId: user.id, updatedAt: at })
    .onConflictDoUpdate({
      target: verifiedShoppers.email,
      set: { customerId: user.id, updatedAt: at },
      setWhere: newerThanStored(verifiedShoppers.updatedAt),
    })
}

/** The orders nobody owns that were placed with this email, in any case: the partial index orders_guest_email answers it. */
export const guestOrdersWith = (email: string) =>
  and(isNull(orders.customerId), sql`lower(${orders.email}) = lower(${email.trim()})`)

/**
 * The shopper who proved this email (in any case), or null: a scalar subquery for a guest's order INSERT, so the
 * order is theirs from the start without another round trip (the table's primary key answers it).
 */
export const verifiedShopperWith = (email: string) =>
  sql`(SELECT ${verifiedShoppers.customerId} FROM ${verifiedShoppers} WHERE ${verifiedShoppers.email} = lower(${email.trim()}) LIMIT 1)`
