import type { PayoutDetails } from '@ambassador/contracts/http'
import { badRequest } from '@ambassador/kit/errors/errors'
import type { ServiceContext } from '@ambassador/kit/service'
import { eq } from 'drizzle-orm'
import { type PayoutDestination, payoutDetails } from '../schema.ts'

const STRIPE_ACCOUNT = /^acct_[A-Za-z0-9]{1,250}$/

/** Where the ambassador's payouts go, or null before they said. */
export async function payoutDetailsOf(ctx: ServiceContext, ambassadorId: string): Promise<PayoutDetails | null> {
  const [row] = await ctx.db.select().from(payoutDetails).where(eq(payoutDetails.ambassadorId, ambassadorId))
  if (!row) return null
  return {
    method: row.method,
    email: row.email,
    account_holder: row.accountHolder,
    stripe_account_id: row.stripeAccountId,
  }
}

/**
 * Saves where the ambassador's payouts go: PayPal needs the account's email, Wise the email and the account holder's
 * name, Stripe Connect the connected account's id. Fields the method does not use are not kept. Payouts already
 * requested keep the destination they were requested with.
 */
export async function savePayoutDetails(
  ctx: ServiceContext,
  ambassadorId: string,
  body: PayoutDetails,
): Promise<PayoutDetails> {
  const destination = destinationFor(body)
  const row = {
    method: body.method,
    email: destination.email ?? null,
    accountHolder: destination.account_holder ?? null,
    stripeAccountId: destination.stripe_account_id ?? null,
    updatedAt: ctx.clock.now().toISOString(),
  }
  await ctx.db
    .insert(payoutDetails)
    .values({ ambassadorId, ...row })
    .onConflictDoUpdate({ target: payoutDetails.ambassadorId, set: row })
  return {
    method: row.method,
    email: row.email,
    account_holder: row.accountHolder,
    stripe_account_id: row.stripeAccountId,
  }
}

/** The fields the method needs, checked and trimmed; a 400 naming what is missing. */
function destinationFor(body: PayoutDetails): PayoutDestination {
  const email = body.email?.trim().toLowerCase() || undefined
  const holder = body.account_holder?.trim() || undefined
  const account = body.stripe_account_id?.trim() || undefined
  switch (body.method) {
    case 'paypal':
      if (!email) throw badRequest('PayPal payouts need the email of your PayPal account', 'payout_email_required')
      return { email }
    case 'wise':
      if (!email) throw badRequest('Wise payouts need the email of your Wise account', 'payout_email_required')
      if (!holder) {
        throw badRequest('Wise payouts need the name on the receiving account', 'payout_account_holder_required')
      }
      return { email, account_holder: holder }
    case 'stripe_connect':
      if (!account || !STRIPE_ACCOUNT.test(account)) {
        throw badRequest('Stripe payouts need your connected account id (acct_…)', 'invalid_stripe_account')
      }
      return { stripe_account_id: account }
    case 'store_credit':
      return {}
  }
}

/** A destination as one line: the account email, the connected account, or the store credit wallet. */
export function describeDestination(destination: PayoutDestination): string {
  return destination.email ?? destination.stripe_account_id ?? 'store credit'
}
