import type { EventEnvelope } from '@ambassador/contracts/events'
import { derivedId, isUuid } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { moveWallet } from './wallet.ts'

/**
 * An ambassador had approved commission paid into store credit (payout.paid, method store_credit): the wallet is
 * credited once per payout, however often the event arrives. Payouts sent elsewhere are not checkout's business.
 */
export async function creditPayoutToWallet(ctx: ServiceContext, event: EventEnvelope<'payout.paid'>) {
  const payout = event.data
  if (payout.method !== 'store_credit') return
  if (!isUuid(payout.ambassador_id) || !isUuid(payout.payout_id) || payout.amount_minor <= 0) {
    ctx.log.warn({ payoutId: payout.payout_id }, 'a store credit payout names no valid ambassador or amount; ignored')
    return
  }
  if (payout.currency !== ctx.config.currency) {
    ctx.log.warn({ payoutId: payout.payout_id }, 'a store credit payout in another currency; ignored')
    return
  }
  await moveWallet(ctx, {
    id: derivedId(`wallet-commission:${payout.payout_id}`),
    userId: payout.ambassador_id,
    amountMinor: payout.amount_minor,
    kind: 'commission',
    reason: 'Commission moved into store credit',
    actorId: null,
    reference: payout.payout_id,
  })
}
