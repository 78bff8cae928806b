import type { StripeConfig } from '@ambassador/kit/config/config'
import { stripeClientOptions } from '@ambassador/kit/config/stripe-client'
import Stripe from 'stripe'

/** Sends one payout's money to the ambassador's account at a provider. */
export type PayoutTransfers = {
  name: string
  /**
   * Sends `amountMinor` to `destination`; the payout id is the idempotency key, so a retry of the same payout (after a
   * timeout, or a crash before it was marked paid) never sends the money twice. Answers the provider's reference.
   */
  transfer(input: { payoutId: string; amountMinor: number; currency: string; destination: string }): Promise<{
    reference: string
  }>
}

/** Stripe Connect: a transfer from the platform's balance to the ambassador's connected account. */
export function createStripeTransfers(config: StripeConfig): PayoutTransfers {
  const stripe = new Stripe(config.secretKey, stripeClientOptions(config))
  return {
    name: 'stripe_connect',
    async transfer({ payoutId, amountMinor, currency, destination }) {
      const transfer = await stripe.transfers.create(
        {
          amount: amountMinor,
          currency: currency.toLowerCase(),
          destination,
          transfer_group: `payout_${payoutId}`,
          metadata: { payout_id: payoutId },
        },
        { idempotencyKey: `payout-${payoutId}` },
      )
      return { reference: transfer.id }
    },
  }
}
