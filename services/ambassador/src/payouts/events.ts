import type { EventType, PayoutData } from '@ambassador/contracts/events'
import type { Database } from '@ambassador/kit/db/database'
import type { ServiceContext } from '@ambassador/kit/service'
import { eq } from 'drizzle-orm'
import { type payouts, users } from '../schema.ts'
import { describeDestination } from './details.ts'

type PayoutRow = typeof payouts.$inferSelect

/** Announces a payout's step through the outbox, in the transaction that took it. */
export async function announcePayout(
  ctx: ServiceContext,
  tx: Database,
  type: Extract<EventType, `payout.${string}`>,
  payout: PayoutRow,
  at: string,
) {
  const [user] = await tx
    .select({ email: users.email, firstName: users.firstName })
    .from(users)
    .where(eq(users.id, payout.ambassadorId))
  const data: PayoutData = {
    payout_id: payout.id,
    ambassador_id: payout.ambassadorId,
    email: user?.email ?? '',
    first_name: user?.firstName ?? '',
    amount_minor: payout.amountMinor,
    currency: payout.currency,
    method: payout.method,
    destination: describeDestination(payout.destination),
    reference: payout.reference,
    reason: payout.reason,
    at,
  }
  await ctx.outbox.add(tx, { type, key: payout.id, data })
}
