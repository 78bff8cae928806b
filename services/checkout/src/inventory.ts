import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { AppError, notFound } from '@ambassador/kit/errors/errors'
import { isUuid } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { asc, eq, inArray, sql } from 'drizzle-orm'
import { inventory, products, stockReservations } from './schema.ts'

export type StockLine = { productId: string; title: string; quantity: number }

/**
 * Holds stock for a new order, in the caller's transaction: the tracked products' rows are locked in id order (so
 * two orders never wait on each other in a circle), checked, and their reserved count raised. Any line asking for
 * more than is available refuses the whole order with 409 `out_of_stock`; untracked products are never short.
 */
export async function reserveStock(ctx: ServiceContext, tx: Database, orderId: string, lines: StockLine[]) {
  const ids = lines.map((line) => line.productId).sort()
  if (ids.length === 0) return
  const tracked = await tx
    .select()
    .from(inventory)
    .where(inArray(inventory.productId, ids))
    .orderBy(asc(inventory.productId))
    .for('update')
  if (tracked.length === 0) return
  const byId = new Map(tracked.map((row) => [row.productId, row]))
  const now = ctx.clock.now().toISOString()
  const held: { productId: string; quantity: number }[] = []
  for (const line of lines) {
    const stock = byId.get(line.productId)
    if (!stock) continue
    const available = stock.onHand - stock.reserved
    if (line.quantity > available) {
      throw new AppError(
        409,
        available <= 0 ? `${line.title} is out of stock` : `Only ${available} of ${line.title} left`,
        'out_of_stock',
      )
    }
    held.push({ productId: line.productId, quantity: line.quantity })
  }
  for (const line of held) {
    const stock = byId.get(line.productId)
    await tx
      .update(inventory)
      .set({ reserved: sql`${inventory.reserved} + ${line.quantity}`, updatedAt: now })
      .where(eq(inventory.productId, line.productId))
    if (stock && stock.onHand - stock.reserved - line.quantity <= 0) await announce(ctx, tx, line.productId)
  }
  await tx.insert(stockReservations).values(held.map((line) => ({ orderId, ...line, status: 'held' as const })))
}

/**
 * The order was paid: its stock leaves the shelf, in the caller's transaction. Held units come off both on hand
 * and reserved; units a lapsed hold had given back (an expired order paid after all) come off on hand alone.
 */
export async function commitStock(ctx: ServiceContext, tx: Database, orderId: string) {
  // One statement (it runs for every paid order, most of which hold nothing): each reservation is committed, and
  // the shelf loses its units — from reserved too when they were still held.
  const lapsed = await tx.execute<{ product_id: string }>(sql`
    WITH before AS (
      SELECT product_id, status FROM ${stockReservations}
      WHERE order_id = ${orderId} AND status IN ('held', 'released') FOR UPDATE
    ), committed AS (
      UPDATE ${stockReservations} r SET status = 'committed' FROM before
      WHERE r.order_id = ${orderId} AND r.product_id = before.product_id
      RETURNING r.product_id, r.quantity, before.status AS was
    )
    UPDATE ${inventory} i SET on_hand = i.on_hand - c.quantity,
      reserved = i.reserved - CASE WHEN c.was = 'held' THEN c.quantity ELSE 0 END,
      updated_at = ${ctx.clock.now().toISOString()}
    FROM committed c WHERE i.product_id = c.product_id
    RETURNING i.product_id, c.was`)
  for (const row of lapsed.rows as { product_id: string; was: string }[]) {
    if (row.was === 'released') await announce(ctx, tx, row.product_id)
  }
}

/** The order will not be paid (expired, or no payment page could be opened): its held stock is free again. */
export async function releaseStock(ctx: ServiceContext, tx: Database, orderId: string) {
  const freed = await tx.execute<{ product_id: string; available: number }>(sql`
    WITH held AS (
      UPDATE ${stockReservations} SET status = 'released'
      WHERE order_id = ${orderId} AND status = 'held' RETURNING product_id, quantity
    )
    UPDATE ${inventory} i SET reserved = i.reserved - held.quantity, updated_at = ${ctx.clock.now().toISOString()}
    FROM held WHERE i.product_id = held.product_id
    RETURNING i.product_id, i.on_hand - i.reserved AS available, held.quantity`)
  for (const row of freed.rows as { product_id: string; available: number; quantity: number }[]) {
    // Back in stock only if it was out before this release.
    if (row.available > 0 && row.available - row.quantity <= 0) await announce(ctx, tx, row.product_id)
  }
}

/**
 * An admin counts the shelf: `onHand` units from now on (what pending orders hold stays held), or null to stop
 * tracking the product's stock (never out of stock again). 404 for a product checkout does not know.
 */
export async function setStock(ctx: ServiceContext, productId: string, onHand: number | null) {
  if (!isUuid(productId)) throw notFound('Product not found')
  return inTransaction(ctx.db, async (tx) => {
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId))
    if (!product) throw notFound('Product not found')
    const now = ctx.clock.now().toISOString()
    if (onHand === null) {
      await tx.delete(inventory).where(eq(inventory.productId, productId))
    } else {
      // Holds of pending orders on an untracked product were never counted: tracking starts from zero holds.
      await tx
        .insert(inventory)
        .values({ productId, onHand, reserved: 0, updatedAt: now })
        .onConflictDoUpdate({ target: inventory.productId, set: { onHand, updatedAt: now } })
    }
    await announce(ctx, tx, productId)
    return stockOf(tx, productId)
  })
}

/** A product's stock as the admin sees it. */
export async function stockOf(db: Database, productId: string) {
  const [row] = await db.select().from(inventory).where(eq(inventory.productId, productId))
  return {
    product_id: productId,
    tracked: row !== undefined,
    on_hand: row?.onHand ?? null,
    reserved: row?.reserved ?? 0,
    available: row ? row.onHand - row.reserved : null,
  }
}

/** Every tracked product's stock, fewest available first, with its title. */
export async function listStock(db: Database) {
  const rows = await db
    .select({
      productId: inventory.productId,
      title: products.title,
      onHand: inventory.onHand,
      reserved: inventory.reserved,
    })
    .from(inventory)
    .leftJoin(products, eq(products.id, inventory.productId))
    .orderBy(sql`${inventory.onHand} - ${inventory.reserved}`, asc(inventory.productId))
  return rows.map((row) => ({
    product_id: row.productId,
    title: row.title ?? '',
    tracked: true,
    on_hand: row.onHand,
    reserved: row.reserved,
    available: row.onHand - row.reserved,
  }))
}

/** Tells the shop whether a product can be bought now (its stock is untracked, or some is available). */
async function announce(ctx: ServiceContext, tx: Database, productId: string) {
  const [row] = await tx.select().from(inventory).where(eq(inventory.productId, productId))
  const available = row ? row.onHand - row.reserved : null
  await ctx.outbox.add(tx, {
    type: 'inventory.changed',
    key: productId,
    data: { product_id: productId, in_stock: available === null || available > 0, available },
  })
}
