import { orderNumberOf } from '@ambassador/contracts/order-number'
import type { Database } from '@ambassador/kit/db/database'
import { derivedId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, eq } from 'drizzle-orm'
import { walletEntries } from '../schema.ts'
import { balanceOf, lockWallet, writeMovement } from './wallet.ts'

type CreditedOrder = { id: string; storeCreditMinor: number; storeCreditUserId: string | null }

/**
 * An order spends the user's store credit, in the transaction that places it: as much of `totalMinor` as the balance
 * covers. Returns what it took (0 with no credit).
 */
export async function spendOnOrder(
  ctx: ServiceContext,
  tx: Database,
  spend: { userId: string; orderId: string; totalMinor: number },
): Promise<number> {
  await lockWallet(tx, spend.userId)
  const balance = await balanceOf(tx, spend.userId, ctx.config.currency)
  const taken = Math.min(Math.max(0, balance), spend.totalMinor)
  if (taken <= 0) return 0
  await writeMovement(ctx, tx, {
    id: derivedId(`wallet-spend:${spend.orderId}`),
    userId: spend.userId,
    amountMinor: -taken,
    kind: 'spend',
    reason: `Order #${orderNumberOf(spend.orderId)}`,
    actorId: null,
    reference: `order:${spend.orderId}`,
    orderId: spend.orderId,
  })
  return taken
}

/** An order that expired unpaid gives its store credit back, in the transaction that expires it. */
export async function releaseForOrder(ctx: ServiceContext, tx: Database, order: CreditedOrder) {
  if (order.storeCreditMinor <= 0 || order.storeCreditUserId === null) return
  await writeMovement(ctx, tx, {
    id: derivedId(`wallet-release:${order.id}`),
    userId: order.storeCreditUserId,
    amountMinor: order.storeCreditMinor,
    kind: 'release',
    reason: `Order #${orderNumberOf(order.id)} was not paid`,
    actorId: null,
    reference: `order:${order.id}`,
    orderId: order.id,
  })
}

/**
 * An order paid after it expired (the provider took the money after all) takes its store credit again: the
 * customer has the goods for it. The balance may go below zero if the credit was spent meanwhile.
 */
export async function respendAfterLatePayment(ctx: ServiceContext, tx: Database, order: CreditedOrder) {
  if (order.storeCreditMinor <= 0 || order.storeCreditUserId === null) return
  const [released] = await tx
    .select({ id: walletEntries.id })
    .from(walletEntries)
    .where(and(eq(walletEntries.kind, 'release'), eq(walletEntries.reference, `order:${order.id}`)))
  if (!released) return
  await writeMovement(
    ctx,
    tx,
    {
      id: derivedId(`wallet-late-spend:${order.id}`),
      userId: order.storeCreditUserId,
      amountMinor: -order.storeCreditMinor,
      kind: 'spend',
      reason: `Order #${orderNumberOf(order.id)}, paid after all`,
      actorId: null,
      reference: `order:${order.id}:paid-late`,
      orderId: order.id,
    },
    { mayGoNegative: true },
  )
}

/** A refund gives its store credit part back to the wallet, in the transaction that completes the refund. */
export async function refundToWallet(
  ctx: ServiceContext,
  tx: Database,
  order: CreditedOrder,
  refund: { id: string; storeCreditMinor: number },
) {
  if (refund.storeCreditMinor <= 0 || order.storeCreditUserId === null) return
  await writeMovement(ctx, tx, {
    id: derivedId(`wallet-refund:${refund.id}`),
    userId: order.storeCreditUserId,
    amountMinor: refund.storeCreditMinor,
    kind: 'refund',
    reason: `Refund on order #${orderNumberOf(order.id)}`,
    actorId: null,
    reference: `refund:${refund.id}`,
    orderId: order.id,
  })
}
