import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import { moveOrder, refusal, stageOf } from './fulfilment.ts'
import type { OrderItem } from './orders.ts'
import { orderItems, orders, orderTimeline } from './schema.ts'

/** A line that needs packing: one with units left after refunds. */
export const needsPacking = (line: Pick<OrderItem, 'quantity' | 'refundedQuantity'>) =>
  line.refundedQuantity < line.quantity

/**
 * An admin packs some lines of a paid order — the ones named, or every line left when none are — each remembering
 * when and by whom. Packing the last line that needs it (fully refunded lines need none) makes the order `fulfilled`
 * and announces order.fulfilled; packing fewer is a "2 of 3 items packed" step in the timeline. The order row is
 * locked first, so two admins packing the last two lines at once take turns: the second sees the first's line packed
 * and moves the order, exactly once.
 */
export async function fulfilLines(
  ctx: ServiceContext,
  orderId: string,
  itemIds: string[] | undefined,
  actorId: string | null,
): Promise<void> {
  if (!isUuid(orderId)) throw notFound('Order not found')
  const named = itemIds ? [...new Set(itemIds)] : undefined
  await inTransaction(ctx.db, async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update')
    if (!order) throw notFound('Order not found')
    const lines = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id))
    const unknown = named?.find((id) => !lines.some((line) => line.id === id))
    if (unknown !== undefined) {
      throw badRequest(`Item ${unknown} is not a line of this order`, 'order_item_unknown')
    }
    if (stageOf(order) !== 'paid') throw await refusal(tx, orderId, 'fulfilled')

    const chosen = named ? lines.filter((line) => named.includes(line.id)) : lines.filter(needsPacking)
    const packed = chosen.filter((line) => line.fulfilledAt !== null)
    if (named && packed.length > 0) {
      throw conflict(`Already packed: ${titlesOf(packed)}`, 'already_fulfilled')
    }
    const refunded = chosen.filter((line) => !needsPacking(line))
    if (refunded.length > 0) {
      throw conflict(`Refunded in full, nothing to pack: ${titlesOf(refunded)}`, 'line_refunded')
    }
    const toPack = chosen.filter((line) => line.fulfilledAt === null)
    const at = ctx.clock.now().toISOString()
    if (toPack.length > 0) {
      await tx
        .update(orderItems)
        .set({ fulfilledAt: at, fulfilledBy: actorId })
        .where(
          and(
            inArray(
              orderItems.id,
              toPack.map((line) => line.id),
            ),
            isNull(orderItems.fulfilledAt),
          ),
        )
    }

    const packing = lines.filter(needsPacking)
    const done = packing.filter((line) => line.fulfilledAt !== null || toPack.includes(line))
    const note = `${done.length} of ${packing.length} ${packing.length === 1 ? 'item' : 'items'} packed: ${titlesOf(toPack)}`
    if (done.length < packing.length) {
      await tx
        .insert(orderTimeline)
        .values({ id: newId(), orderId, stage: 'partly_fulfilled', actorId, detail: note, at })
      return
    }
    // The last lines: the order is packed. Said how only when earlier steps packed some of it.
    const inSteps = toPack.length < packing.length
    await moveOrder(ctx, tx, orderId, 'fulfilled', actorId, { detail: inSteps && toPack.length > 0 ? note : undefined })
  })
}

/**
 * After a refund: a paid order whose every line left to pack is packed — the refund took the last unpacked one — is
 * packed now (order.fulfilled, by whoever refunded), rather than waiting for an admin to press "packed" on nothing.
 * An order with nothing packed yet waits for the packer as before. In the refund's transaction.
 */
export async function packIfRefundFinishedIt(
  ctx: ServiceContext,
  tx: Database,
  orderId: string,
  actorId: string | null,
): Promise<void> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update')
  if (!order || stageOf(order) !== 'paid') return
  const packing = (await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId))).filter(needsPacking)
  if (packing.length === 0 || packing.some((line) => line.fulfilledAt === null)) return
  await moveOrder(ctx, tx, orderId, 'fulfilled', actorId, { detail: 'the rest was refunded' })
}

function titlesOf(lines: Pick<OrderItem, 'productTitle' | 'quantity'>[]) {
  return lines
    .map((line) => (line.quantity > 1 ? `${line.productTitle} × ${line.quantity}` : line.productTitle))
    .join(', ')
}
