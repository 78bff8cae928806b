import { createHash, randomBytes } from 'node:crypto'
import type { Cart, CartCheckoutBody, CartLine } from '@ambassador/contracts/http'
import { MAX_QUANTITY } from '@ambassador/contracts/limits'
import { AppError, badRequest, notFound } from '@ambassador/kit/errors/errors'
import { isUuid } from '@ambassador/kit/ids/ids'
import { toMajor } from '@ambassador/kit/money/money'
import { and, eq, lt, sql } from 'drizzle-orm'
import { type CouponTerms, describeCoupon, discountLines } from './coupon-terms.ts'
import { findCouponByCode, normalizeCode } from './coupons.ts'
import { type Buyer, type CheckoutContext, type PricedLine, placeNewOrder } from './orders.ts'
import { cartLines, carts, links, products } from './schema.ts'

/** The cookie that keeps a shopper's cart: a random token; the database knows the cart by its sha256 only. */
export const CART_COOKIE = 'cart'
export const CART_TTL_SECONDS = 30 * 24 * 3600
/** The most different products one cart holds. */
export const MAX_CART_LINES = 100

export const cartIdOf = (token: string) => createHash('sha256').update(token).digest('hex')
export const newCartToken = () => randomBytes(24).toString('base64url')

/** A cart line as stored, with the product as checkout's catalog has it now (null once deleted) and its stock. */
type StoredLine = {
  product_id: string
  title: string
  quantity: number
  product_title: string | null
  slug: string | null
  image: string | null
  price_minor: number | null
  currency: string | null
  category_ids: string[] | null
  active: boolean | null
  /** null when the product's stock is not tracked. */
  available: number | null
}

type StoredCart = {
  lines: StoredLine[]
  couponCode: string | null
  referral: { code: string; linkId: string; ambassadorId: string; ambassador: string } | null
}

/**
 * Forgets carts nobody touched for longer than their cookie lives (30 days): the shopper can no longer reach them.
 * A cart an unpaid order was placed from goes too; the order keeps its own lines. Returns how many went.
 */
export async function sweepAbandonedCarts(ctx: CheckoutContext): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - CART_TTL_SECONDS * 1000).toISOString()
  const swept = await ctx.db.delete(carts).where(lt(carts.updatedAt, before)).returning({ id: carts.id })
  return swept.length
}

/** Creates the cart a token names, if it does not exist yet (a first line, a coupon or a referral made it). */
export async function ensureCart(ctx: CheckoutContext, cartId: string) {
  const now = ctx.clock.now().toISOString()
  await ctx.db
    .insert(carts)
    .values({ id: cartId, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: carts.id, set: { updatedAt: now } })
}

/** What is in a cart, priced from the catalog now: each line with what keeps it from being bought, if anything. */
export async function showCart(ctx: CheckoutContext, cartId: string | undefined): Promise<Cart> {
  return viewOf(ctx, cartId === undefined ? emptyCart() : await loadCart(ctx, cartId))
}

/** Adds units of a product (to those already in the cart). Unknown product → 404; inactive → 400. */
export async function addToCart(ctx: CheckoutContext, cartId: string, productId: string, quantity: number) {
  const product = await activeProduct(ctx, productId)
  await ensureCart(ctx, cartId)
  const [line] = await ctx.db
    .insert(cartLines)
    .values({ cartId, productId, title: product.title, quantity, addedAt: ctx.clock.now().toISOString() })
    .onConflictDoUpdate({
      target: [cartLines.cartId, cartLines.productId],
      set: { quantity: sql`${cartLines.quantity} + ${quantity}`, title: product.title },
      setWhere: sql`${cartLines.quantity} + ${quantity} <= ${MAX_QUANTITY}`,
    })
    .returning({ quantity: cartLines.quantity })
  if (!line) throw badRequest(`A cart holds at most ${MAX_QUANTITY} of one product`, 'quantity_too_large')
  const [{ lines } = { lines: 0 }] = await ctx.db
    .select({ lines: sql<number>`count(*)::int` })
    .from(cartLines)
    .where(eq(cartLines.cartId, cartId))
  if (lines > MAX_CART_LINES) {
    await ctx.db.delete(cartLines).where(and(eq(cartLines.cartId, cartId), eq(cartLines.productId, productId)))
    throw badRequest(`A cart holds at most ${MAX_CART_LINES} different products`, 'cart_full')
  }
}

/** Sets how many of a product the cart holds; a product not in the cart → 404. */
export async function setCartQuantity(ctx: CheckoutContext, cartId: string, productId: string, quantity: number) {
  const updated = isUuid(productId)
    ? await ctx.db
        .update(cartLines)
        .set({ quantity })
        .where(and(eq(cartLines.cartId, cartId), eq(cartLines.productId, productId)))
        .returning({ productId: cartLines.productId })
    : []
  if (updated.length === 0) throw notFound('That product is not in your cart')
  await ensureCart(ctx, cartId)
}

/** Takes a product out of the cart (nothing happens if it was not there). */
export async function removeFromCart(ctx: CheckoutContext, cartId: string, productId: string) {
  if (!isUuid(productId)) return
  await ctx.db.delete(cartLines).where(and(eq(cartLines.cartId, cartId), eq(cartLines.productId, productId)))
}

/** Puts a coupon on the cart after checking it applies to what is in it now: 400 with the reason otherwise. */
export async function applyCartCoupon(ctx: CheckoutContext, cartId: string, code: string) {
  const coupon = await findCouponByCode(ctx.db, code)
  if (!coupon) throw badRequest(`There is no coupon ${normalizeCode(code)}`, 'coupon_unknown')
  const stored = await loadCart(ctx, cartId)
  const buyable = stored.lines.filter((line) => problemOf(ctx, line) === null)
  if (buyable.length === 0) throw badRequest('Add something to your cart before using a coupon', 'cart_empty')
  discountLines(coupon, { currency: ctx.config.currency, lines: buyable.map(discountable), now: ctx.clock.now() })
  await ensureCart(ctx, cartId)
  await ctx.db.update(carts).set({ couponCode: coupon.code }).where(eq(carts.id, cartId))
}

export async function removeCartCoupon(ctx: CheckoutContext, cartId: string) {
  await ctx.db.update(carts).set({ couponCode: null }).where(eq(carts.id, cartId))
}

/** Remembers the ambassador's link the shopper came through, so the whole cart earns them their commission. */
export async function setCartReferral(ctx: CheckoutContext, cartId: string, code: string) {
  const [link] = await ctx.db.select({ id: links.id }).from(links).where(eq(links.code, code))
  if (!link) throw badRequest(`There is no link with the code "${code}"`, 'link_unknown')
  await ensureCart(ctx, cartId)
  await ctx.db.update(carts).set({ linkId: link.id }).where(eq(carts.id, cartId))
}

/**
 * Places the order for what is in the cart, with its coupon and referral, through the same placement and payment
 * as a link order. A line that cannot be bought as it is (deleted, inactive, short of stock) → 409 naming it:
 * the shopper decides, nothing is dropped silently. The cart is emptied when the order is paid.
 */
export async function checkoutCart(
  ctx: CheckoutContext,
  cartId: string | undefined,
  customer: CartCheckoutBody,
  buyer: Buyer = {},
) {
  const stored = cartId === undefined ? emptyCart() : await loadCart(ctx, cartId)
  if (stored.lines.length === 0) throw badRequest('Your cart is empty', 'cart_empty')
  const blocked = stored.lines.filter((line) => problemOf(ctx, line) !== null)
  if (blocked.length > 0) {
    const names = blocked.map((line) => line.product_title ?? line.title).join(', ')
    throw new AppError(409, `Some products in your cart cannot be bought as they are: ${names}`, 'cart_needs_attention')
  }
  const lines = stored.lines.map(
    (line): PricedLine => ({
      productId: line.product_id,
      title: line.product_title ?? line.title,
      unitMinor: line.price_minor ?? 0,
      quantity: line.quantity,
      currency: line.currency ?? ctx.config.currency,
      categoryIds: line.category_ids ?? [],
      tracked: line.available !== null,
    }),
  )
  const referral = stored.referral
  return placeNewOrder(ctx, {
    customer,
    attribution: referral && { linkId: referral.linkId, code: referral.code, ambassadorId: referral.ambassadorId },
    lines,
    couponCode: stored.couponCode ?? undefined,
    cartId,
    ...buyer,
  })
}

/** The cart's lines with their products and stock, its coupon and its referral: one query. */
async function loadCart(ctx: CheckoutContext, cartId: string): Promise<StoredCart> {
  const result = await ctx.db.execute<{
    coupon_code: string | null
    link_id: string | null
    code: string | null
    ambassador_id: string | null
    first_name: string | null
    last_name: string | null
    lines: StoredLine[]
  }>(sql`
    SELECT c.coupon_code, l.id AS link_id, l.code, l.user_id AS ambassador_id, a.first_name, a.last_name,
      coalesce((
        SELECT json_agg(json_build_object(
          'product_id', cl.product_id, 'title', cl.title, 'quantity', cl.quantity,
          'product_title', p.title, 'slug', p.slug, 'image', p.image, 'price_minor', p.price_minor,
          'currency', p.currency, 'category_ids', p.category_ids, 'active', p.active,
          'available', i.on_hand - i.reserved) ORDER BY cl.added_at, cl.product_id)
        FROM checkout.cart_lines cl
        LEFT JOIN checkout.products p ON p.id = cl.product_id
        LEFT JOIN checkout.inventory i ON i.product_id = cl.product_id
        WHERE cl.cart_id = c.id
      ), '[]') AS lines
    FROM checkout.carts c
    LEFT JOIN checkout.links l ON l.id = c.link_id
    LEFT JOIN checkout.ambassadors a ON a.id = l.user_id
    WHERE c.id = ${cartId}`)
  const row = result.rows[0]
  if (!row) return emptyCart()
  return {
    lines: row.lines,
    couponCode: row.coupon_code,
    referral:
      row.link_id && row.code && row.ambassador_id
        ? {
            linkId: row.link_id,
            code: row.code,
            ambassadorId: row.ambassador_id,
            // The users stream and the links stream are not ordered with each other: a name may not be here yet.
            ambassador: row.first_name === null ? '' : `${row.first_name} ${row.last_name}`,
          }
        : null,
  }
}

function emptyCart(): StoredCart {
  return { lines: [], couponCode: null, referral: null }
}

async function viewOf(ctx: CheckoutContext, stored: StoredCart): Promise<Cart> {
  const problems = stored.lines.map((line) => problemOf(ctx, line))
  const buyable = stored.lines.filter((_, i) => problems[i] === null)
  let discounts = new Map<string, number>()
  let coupon: Cart['coupon'] = null
  if (stored.couponCode) {
    const terms = await findCouponByCode(ctx.db, stored.couponCode)
    coupon = { code: stored.couponCode, description: terms ? describeCoupon(terms) : '', problem: null }
    try {
      if (!terms) throw badRequest(`Coupon ${stored.couponCode} no longer exists`)
      discounts = discountsOf(ctx, terms, buyable)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      coupon.problem = error.message
    }
  }
  const lines = stored.lines.map((line, i): CartLine => {
    const priceMinor = line.price_minor ?? 0
    return {
      product_id: line.product_id,
      slug: line.slug,
      title: line.product_title ?? line.title,
      image: line.image ?? '',
      price: toMajor(priceMinor),
      quantity: line.quantity,
      line_total: toMajor(priceMinor * line.quantity),
      discount: toMajor(discounts.get(line.product_id) ?? 0),
      problem: problems[i] ?? null,
      available: line.available === null ? null : Math.max(0, line.available),
    }
  })
  const subtotalMinor = buyable.reduce((sum, line) => sum + (line.price_minor ?? 0) * line.quantity, 0)
  const discountMinor = [...discounts.values()].reduce((sum, d) => sum + d, 0)
  return {
    currency: ctx.config.currency,
    lines,
    item_count: stored.lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotal: toMajor(subtotalMinor),
    discount: toMajor(discountMinor),
    total: toMajor(subtotalMinor - discountMinor),
    coupon,
    referral: stored.referral && { code: stored.referral.code, ambassador: stored.referral.ambassador },
  }
}

function discountsOf(ctx: CheckoutContext, coupon: CouponTerms, lines: StoredLine[]): Map<string, number> {
  const shares = discountLines(coupon, {
    currency: ctx.config.currency,
    lines: lines.map(discountable),
    now: ctx.clock.now(),
  })
  return new Map(lines.map((line, i) => [line.product_id, shares[i] ?? 0]))
}

const discountable = (line: StoredLine) => ({
  productId: line.product_id,
  categoryIds: line.category_ids ?? [],
  totalMinor: (line.price_minor ?? 0) * line.quantity,
})

/** What keeps a line from being bought as it is, or null. */
function problemOf(ctx: CheckoutContext, line: StoredLine): CartLine['problem'] {
  if (line.price_minor === null) return 'deleted'
  if (!line.active) return 'inactive'
  if (line.currency?.toUpperCase() !== ctx.config.currency) return 'currency'
  if (line.available !== null && line.available <= 0) return 'out_of_stock'
  if (line.available !== null && line.available < line.quantity) return 'short'
  return null
}

async function activeProduct(ctx: CheckoutContext, productId: string) {
  const [product] = isUuid(productId)
    ? await ctx.db
        .select({ title: products.title, active: products.active })
        .from(products)
        .where(eq(products.id, productId))
    : []
  if (!product) throw notFound('Product not found')
  if (!product.active) throw badRequest(`${product.title} is not for sale right now`, 'product_inactive')
  return product
}
