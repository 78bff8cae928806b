import type { OrderCompletedData } from '@ambassador/contracts/events'
import type { CreateOrderBody } from '@ambassador/contracts/http'
import { MAX_QUANTITY } from '@ambassador/contracts/limits'
import type { Referral } from '@ambassador/contracts/referral'
import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { AppError, badRequest, notFound, unavailable } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import { ordersCompleted } from '@ambassador/kit/metrics/metrics'
import { splitCommission, spreadProportionally } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { requireText } from '@ambassador/kit/text/text'
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import { type Attribution, creditFor, KNOWN_OWN, selfReferralOf } from './attribution.ts'
import { commissionTermsFor, evaluateCommission, givingUp, lineColumnsOf, ownOrder } from './commission-rules.ts'
import { type CouponTerms, discountLines } from './coupon-terms.ts'
import { commitCoupon, holdCoupon, lockCoupon, releaseCoupon } from './coupons.ts'
import { issueInvoice } from './documents.ts'
import { recordCancelled } from './fulfilment.ts'
import { verifiedShopperWith } from './guest-orders.ts'
import { commitStock, releaseStock, reserveStock } from './inventory.ts'
import { loggedCall } from './payments/payment-log.ts'
import { type PaymentProvider, type PaymentSessionLink, SESSION_ID_PLACEHOLDER } from './payments/provider.ts'
import type { TestPaymentProvider } from './payments/test-provider.ts'
import { carts, inventory, linkProducts, links, orderItems, orders, products } from './schema.ts'
import { releaseForOrder, respendAfterLatePayment, spendOnOrder } from './wallet/orders.ts'

/** Checkout's context: the kit's, plus the payment provider (and the test provider's pay page when embedded). */
export type CheckoutContext = ServiceContext & {
  payments: PaymentProvider
  testPayments: TestPaymentProvider | undefined
}

export type Order = typeof orders.$inferSelect
export type OrderItem = typeof orderItems.$inferSelect

/** Who is buying and where it goes. */
export type Customer = Pick<
  CreateOrderBody,
  'first_name' | 'last_name' | 'email' | 'address' | 'country' | 'city' | 'zip'
>

/** The referral link an order came through: its ambassador earns the commission. */

/** A line about to be ordered, priced from checkout's catalog. */
export type PricedLine = {
  productId: string
  title: string
  unitMinor: number
  quantity: number
  currency: string
  categoryIds: string[]
  /** Whether the product's stock is counted (then the order must hold some). */
  tracked: boolean
}

export type NewOrder = {
  customer: Customer
  /** The link the order is placed on (its page, or the cart it filled); the referral cookie or a vanity code may win. */
  attribution: Attribution | null
  /** The shopper's referral cookie, if their browser sent one. */
  referral?: Referral | undefined
  lines: PricedLine[]
  couponCode?: string | undefined
  cartId?: string | undefined
  /** The signed-in shopper placing it, if any (else the shopper who proved its email): the order shows in their account. */
  customerId?: string | undefined
  /** The signed-in user whose store credit pays first, when they asked for it. */
  storeCreditUserId?: string | undefined
  /** Whoever is signed in placing it, in any role: an ambassador buying through their own link earns nothing. */
  signedInUserId?: string | undefined
}

/** Who is buying, as far as the request says: the signed-in shopper, whose store credit pays, their referral cookie. */
export type Buyer = Pick<NewOrder, 'customerId' | 'storeCreditUserId' | 'signedInUserId' | 'referral'>

/**
 * Places a pending order for products of a link, priced from the catalog (never from the client) and split
 * per line between store and ambassador; then opens the provider's payment page for it.
 */
export async function placeOrder(
  ctx: CheckoutContext,
  input: CreateOrderBody,
  buyer: Buyer = {},
): Promise<PaymentSessionLink> {
  const quantities = mergeLines(input.products)
  if (quantities.size === 0) throw badRequest('Your order is empty')
  // The link and what it offers in one query: a row per product it lists, the product null once deleted.
  const offered = await ctx.db
    .select({
      link: links,
      productId: linkProducts.productId,
      product: products,
      tracked: sql<boolean>`${inventory.productId} IS NOT NULL`,
    })
    .from(links)
    .leftJoin(linkProducts, eq(linkProducts.linkId, links.id))
    .leftJoin(products, eq(products.id, linkProducts.productId))
    .leftJoin(inventory, eq(inventory.productId, linkProducts.productId))
    .where(eq(links.code, input.code))
  const link = offered[0]?.link
  if (!link) throw badRequest(`There is no link with the code "${input.code}"`)
  const offeredById = new Map(offered.filter((o) => o.productId !== null).map((o) => [o.productId as string, o]))
  const lines = [...quantities].map(([productId, quantity]): PricedLine => {
    const offer = offeredById.get(productId)
    if (!offer) throw badRequest(`Product ${productId} is not part of this link`)
    const product = offer.product
    if (!product?.active) throw badRequest(`Product ${productId} is no longer available`)
    return {
      productId,
      title: product.title,
      unitMinor: product.priceMinor,
      quantity,
      currency: product.currency,
      categoryIds: product.categoryIds,
      tracked: offer.tracked,
    }
  })
  return placeNewOrder(ctx, {
    customer: input,
    attribution: { linkId: link.id, code: link.code, ambassadorId: link.userId },
    lines,
    couponCode: input.coupon,
    ...buyer,
  })
}

/**
 * Stores a pending order — its lines discounted by the coupon if one is given, and split per line between store
 * and the referring ambassador on what the customer actually pays — holding its stock and its use of the coupon,
 * then opens the provider's payment page for it. Link orders and cart orders both come through here.
 */
export async function placeNewOrder(ctx: CheckoutContext, input: NewOrder): Promise<PaymentSessionLink> {
  const currencies = new Set(input.lines.map((line) => line.currency))
  const [currency] = currencies
  if (currency === undefined) throw badRequest('Your order is empty')
  if (currencies.size > 1) throw badRequest('All products in one order must share a currency')
  const customer = input.customer
  const email = customer.email.trim()
  const orderId = newId()
  const couponCode = input.couponCode?.trim()
  const credit = await creditFor(ctx.db, ctx.config, ctx.clock.now(), {
    couponCode,
    referral: input.referral,
    placedOn: input.attribution,
  })
  const attribution = credit.attribution
  const withheld =
    attribution &&
    (await selfReferralOf(ctx.db, {
      ambassadorId: attribution.ambassadorId,
      email,
      address: customer.address,
      zip: customer.zip,
      country: customer.country,
      buyerIds: [input.signedInUserId, input.storeCreditUserId],
    }))
  // The commission rules that may apply and the ambassador's month so far: one statement, evaluated per line below.
  // None for an ambassador's own order: it earns nothing.
  const terms =
    attribution && !withheld
      ? await commissionTermsFor(ctx, {
          ambassadorId: attribution.ambassadorId,
          currency,
          productIds: input.lines.map((line) => line.productId),
          categoryIds: [...new Set(input.lines.flatMap((line) => line.categoryIds))],
        })
      : undefined

  const build = (discounts: number[], coupon?: { id: string; code: string }) => {
    const items = input.lines.map((line, i) => {
      const discountMinor = discounts[i] ?? 0
      const paidMinor = line.unitMinor * line.quantity - discountMinor
      const commission = withheld
        ? ownOrder(withheld)
        : terms && givingUp(evaluateCommission(terms, { ...line, paidMinor }), credit.rateGivenUpBasisPoints)
      const rate = commission?.rateBasisPoints ?? 0
      const split = splitCommission(paidMinor, rate)
      return {
        id: newId(),
        orderId,
        productId: line.productId,
        productTitle: line.title,
        priceMinor: line.unitMinor,
        quantity: line.quantity,
        discountMinor,
        adminRevenueMinor: split.adminMinor,
        ambassadorRevenueMinor: split.ambassadorMinor,
        // Frozen with the rate: a rule changed after the order was placed changes nothing about this line.
        ...lineColumnsOf(commission ?? undefined),
      }
    })
    const adminRevenueMinor = sum(items.map((item) => item.adminRevenueMinor))
    const ambassadorRevenueMinor = sum(items.map((item) => item.ambassadorRevenueMinor))
    const order = {
      id: orderId,
      linkId: attribution?.linkId ?? null,
      code: attribution?.code ?? null,
      ambassadorId: attribution?.ambassadorId ?? null,
      clickId: credit.clickId,
      attributedBy: credit.attributedBy,
      commissionWithheld: withheld || null,
      firstName: requireText(customer.first_name, 'first_name'),
      lastName: requireText(customer.last_name, 'last_name'),
      email,
      address: requireText(customer.address, 'address'),
      country: requireText(customer.country, 'country'),
      city: requireText(customer.city, 'city'),
      zip: requireText(customer.zip, 'zip'),
      currency,
      totalMinor: adminRevenueMinor + ambassadorRevenueMinor,
      discountMinor: sum(items.map((item) => item.discountMinor)),
      couponId: coupon?.id ?? null,
      couponCode: coupon?.code ?? null,
      cartId: input.cartId ?? null,
      // A guest's order with an address a shopper proved is that shopper's: it shows in their account at once.
      customerId: input.customerId ?? verifiedShopperWith(email),
      adminRevenueMinor,
      ambassadorRevenueMinor,
      storeCreditMinor: 0,
      storeCreditUserId: null as string | null,
      status: 'pending' as const,
      createdAt: ctx.clock.now().toISOString(),
    }
    return { order, items }
  }
  // One statement, so one round trip and atomic without a transaction: the order, then its lines.
  const insert = (db: Database, placed: ReturnType<typeof build>) => {
    const order = db.insert(orders).values(placed.order).returning({ id: orders.id })
    const lines = db.insert(orderItems).values(placed.items).returning({ id: orderItems.id })
    return db.execute(sql`WITH placed AS ${order}, lines AS ${lines} SELECT 1`)
  }

  const storeCreditUserId = input.storeCreditUserId
  const holdsSomething = Boolean(couponCode) || Boolean(storeCreditUserId) || input.lines.some((line) => line.tracked)
  let placed: ReturnType<typeof build>
  if (!holdsSomething) {
    placed = build([])
    await insert(ctx.db, placed)
  } else {
    // A transaction that holds the coupon (locked first: every transaction takes the coupon before the stock, so
    // none waits on another in a circle) and the stock, or refuses the order and keeps nothing.
    placed = await inTransaction(ctx.db, async (tx) => {
      let built = build([])
      let coupon: CouponTerms | undefined
      if (couponCode) {
        const locked = await lockCoupon(tx, couponCode, email)
        coupon = locked.coupon
        const discounts = discountLines(coupon, {
          currency,
          lines: input.lines.map((line) => ({
            productId: line.productId,
            categoryIds: line.categoryIds,
            totalMinor: line.unitMinor * line.quantity,
          })),
          now: ctx.clock.now(),
          customerUses: locked.customerUses,
        })
        built = build(discounts, coupon)
      }
      if (storeCreditUserId) {
        // Store credit pays first; the provider charges the rest (nothing, when the credit covers it all).
        const taken = await spendOnOrder(ctx, tx, {
          userId: storeCreditUserId,
          orderId,
          totalMinor: built.order.totalMinor,
        })
        if (taken > 0) built.order = { ...built.order, storeCreditMinor: taken, storeCreditUserId }
      }
      await insert(tx, built)
      const held = built.items.filter((_item, i) => input.lines[i]?.tracked)
      await reserveStock(
        ctx,
        tx,
        orderId,
        held.map((item) => ({ productId: item.productId, title: item.productTitle, quantity: item.quantity })),
      )
      if (coupon) await holdCoupon(tx, coupon, orderId, email)
      return built
    })
  }

  // Nothing to pay (a coupon or store credit took it all): no payment page; the order completes now, as a paid one would.
  if (placed.order.totalMinor - placed.order.storeCreditMinor === 0) return completeFreeOrder(ctx, orderId)

  // After the order is stored, and with no transaction open across the call to the payment provider.
  let session: PaymentSessionLink
  try {
    session = await openPaymentSession(ctx, placed.order, placed.items)
  } catch (error) {
    // No page to pay on: the order can never be paid, so what it holds goes back at once.
    if (holdsSomething) await expireOrder(ctx, orderId).catch(() => {})
    throw error
  }
  await ctx.db.update(orders).set({ paymentSessionId: session.id }).where(eq(orders.id, orderId))
  return session
}

/**
 * Completes an order that costs nothing, without a payment provider (Stripe would refuse a session of 0). Its
 * "session" is our own id, so the success page confirms it like any other.
 */
async function completeFreeOrder(ctx: CheckoutContext, orderId: string): Promise<PaymentSessionLink> {
  const sessionId = `free_${orderId}`
  await ctx.db.update(orders).set({ paymentSessionId: sessionId }).where(eq(orders.id, orderId))
  await completeOrder(ctx, orderId, sessionId)
  return { id: sessionId, url: `${ctx.config.checkoutUrl}/success?source=${sessionId}` }
}

/**
 * The provider's line items for an order: a discounted line whose paid total does not divide by its quantity goes
 * as two items (units at the lower price, and the rest one cent dearer), so the items add up to what is charged.
 */
export function paymentLineItems(
  items: Pick<OrderItem, 'productTitle' | 'priceMinor' | 'quantity' | 'discountMinor'>[],
) {
  return items.flatMap((item) => {
    if (item.discountMinor === 0) {
      return [{ title: item.productTitle, unitMinor: item.priceMinor, quantity: item.quantity }]
    }
    const paidMinor = item.priceMinor * item.quantity - item.discountMinor
    const unitMinor = Math.floor(paidMinor / item.quantity)
    const dearer = paidMinor - unitMinor * item.quantity
    const title = `${item.productTitle} (discounted)`
    return [
      { title, unitMinor, quantity: item.quantity - dearer },
      { title, unitMinor: unitMinor + 1, quantity: dearer },
    ].filter((line) => line.quantity > 0)
  })
}

/**
 * The lines as the provider charges them: store credit paid part of the order, so its amount comes off the lines in
 * proportion to what each costs (a discount as far as the provider is concerned), and the items add up to the charge.
 */
export function chargedItems<T extends Pick<OrderItem, 'priceMinor' | 'quantity' | 'discountMinor'>>(
  items: T[],
  storeCreditMinor: number,
): T[] {
  if (storeCreditMinor === 0) return items
  const shares = spreadProportionally(
    storeCreditMinor,
    items.map((item) => item.priceMinor * item.quantity - item.discountMinor),
  )
  return items.map((item, i) => ({ ...item, discountMinor: item.discountMinor + (shares[i] ?? 0) }))
}

async function openPaymentSession(
  ctx: CheckoutContext,
  order: Pick<Order, 'id' | 'totalMinor' | 'currency' | 'email' | 'storeCreditMinor'>,
  items: Pick<OrderItem, 'productTitle' | 'priceMinor' | 'quantity' | 'discountMinor'>[],
) {
  try {
    return await loggedCall(
      ctx,
      { provider: ctx.payments.name, action: 'checkout.sessions.create', orderId: order.id },
      () =>
        ctx.payments.createSession({
          orderId: order.id,
          amountMinor: order.totalMinor - order.storeCreditMinor,
          currency: order.currency,
          customerEmail: order.email,
          lineItems: paymentLineItems(chargedItems(items, order.storeCreditMinor)),
          // The session id is known only once the session exists: the provider fills in the placeholder.
          successUrl: `${ctx.config.checkoutUrl}/success?source=${SESSION_ID_PLACEHOLDER}`,
          cancelUrl: `${ctx.config.checkoutUrl}/error`,
        }),
      (session) => ({ reference: session.id }),
    )
  } catch (error) {
    if (error instanceof AppError) throw error
    ctx.log.error({ err: error, orderId: order.id }, 'could not open a payment session')
    throw unavailable('Payments are temporarily unavailable, try again shortly')
  }
}

/** Asks the provider about a session, logged with the order it is for. */
export function retrieveSession(ctx: CheckoutContext, sessionId: string, orderId?: string) {
  return loggedCall(
    ctx,
    { provider: ctx.payments.name, action: 'checkout.sessions.retrieve', reference: sessionId, orderId },
    () => ctx.payments.retrieveSession(sessionId),
    (session) => ({
      orderId: orderId ?? (session && isUuid(session.orderId) ? session.orderId : undefined),
      detail: session?.status ?? 'unknown session',
    }),
  )
}

/**
 * Completes the order paid through a session, after asking the provider (never the client) that it was paid. An
 * order that expired unpaid still completes if the provider says the money arrived after all.
 */
export async function confirmOrder(ctx: CheckoutContext, source: string): Promise<void> {
  const order = await findOrderForSession(ctx, source)
  if (!order) throw notFound('Order not found')
  if (order.status === 'completed') return
  const outcome = await settlePaidSession(ctx, order, source)
  if (outcome === 'completed') return
  if (outcome === 'unknown') throw notFound('Order not found')
  if (outcome === 'mismatch') throw badRequest('The payment does not match the order', 'payment_mismatch')
  if (order.status === 'expired')
    throw badRequest('This order expired before it was paid; place it again', 'order_expired')
  throw badRequest('The payment has not been completed', 'payment_incomplete')
}

type Settlement = 'completed' | 'unpaid' | 'expired' | 'unknown' | 'mismatch'

/**
 * Reads the session from the provider and acts on what it says now: paid completes the order (once), expired
 * expires a pending order. The provider's present word, not the order its notifications arrived in, decides.
 */
export async function settlePaidSession(ctx: CheckoutContext, order: Order, sessionId: string): Promise<Settlement> {
  const session = await retrieveSession(ctx, sessionId, order.id)
  if (!session || session.orderId !== order.id) {
    ctx.log.error({ sessionId, orderId: order.id }, 'the payment provider does not know this order’s session')
    return 'unknown'
  }
  if (session.status === 'paid') {
    if (session.amountMinor !== order.totalMinor - order.storeCreditMinor) {
      ctx.log.error({ sessionId, orderId: order.id, paid: session.amountMinor }, 'paid amount differs from the order')
      return 'mismatch'
    }
    await completeOrder(ctx, order.id, session.paymentId ?? sessionId, session.cardFingerprint)
    return 'completed'
  }
  if (session.status === 'expired') {
    await expireOrder(ctx, order.id)
    return 'expired'
  }
  return 'unpaid'
}

/**
 * Marks an order completed and announces order.completed, in one transaction. The conditional update makes it
 * happen exactly once, however many confirms and webhooks arrive, concurrently or not; an expired order completes
 * too (the provider took the money after all). Returns whether this call was the one that completed it.
 */
export async function completeOrder(
  ctx: ServiceContext,
  orderId: string,
  paymentId: string,
  cardFingerprint?: string,
): Promise<boolean> {
  const completedNow = await inTransaction(ctx.db, async (tx) => {
    const completedAt = ctx.clock.now().toISOString()
    if (cardFingerprint) await withholdIfOwnCard(tx, orderId, cardFingerprint)
    // The order and its lines in one round trip: the lines come back with the update, as the event carries them.
    const [completed] = await tx
      .update(orders)
      .set({ status: 'completed', completedAt, paymentId, paymentFingerprint: cardFingerprint ?? null })
      .where(and(eq(orders.id, orderId), inArray(orders.status, ['pending', 'expired'])))
      .returning({ order: orders, lines: updatedOrderLines() })
    if (!completed) return false
    // The coupon before the stock, in the order placing takes them.
    if (completed.order.couponId) await commitCoupon(tx, completed.order.id)
    // Paid after it expired: the store credit it gave back at expiry is spent again.
    await respendAfterLatePayment(ctx, tx, completed.order)
    await commitStock(ctx, tx, completed.order.id)
    if (completed.order.cartId) await tx.delete(carts).where(eq(carts.id, completed.order.cartId))
    const data = orderCompletedData(completed.order, completed.lines, completedAt)
    data.invoice_number = await issueInvoice(tx, ctx.config, data)
    await ctx.outbox.add(tx, { type: 'order.completed', key: completed.order.id, data })
    return true
  })
  // Counted once committed, and only by the call that completed it (a repeated confirm completes nothing).
  if (completedNow) ordersCompleted.inc({ service: ctx.service })
  return completedNow
}

/**
 * An order paid with a card its ambassador paid one of their own orders with (known by their email or account) is
 * their own too: it earns nothing.
 * Found only now, when the provider tells which card paid; the lines' commission goes to the store before the order
 * completes, so order.completed already carries none.
 */
async function withholdIfOwnCard(tx: Database, orderId: string, cardFingerprint: string) {
  const withheld = await tx.execute(sql`
    UPDATE ${orders} o SET commission_withheld = 'own_card',
      admin_revenue_minor = o.admin_revenue_minor + o.ambassador_revenue_minor, ambassador_revenue_minor = 0
    WHERE o.id = ${orderId} AND o.status IN ('pending', 'expired') AND o.ambassador_id IS NOT NULL
      AND o.commission_withheld IS NULL
      AND EXISTS (SELECT 1 FROM ${orders} own WHERE own.ambassador_id = o.ambassador_id
        AND own.commission_withheld IN ${KNOWN_OWN} AND own.payment_fingerprint = ${cardFingerprint})
    RETURNING o.id`)
  if (withheld.rows.length === 0) return
  await tx
    .update(orderItems)
    .set({
      adminRevenueMinor: sql`${orderItems.adminRevenueMinor} + ${orderItems.ambassadorRevenueMinor}`,
      ambassadorRevenueMinor: 0,
      ...lineColumnsOf(ownOrder('own_card')),
    })
    .where(eq(orderItems.orderId, orderId))
}

/** Marks a pending order expired: it can no longer be paid through its page (a late payment still completes it). */
async function expireOrder(ctx: ServiceContext, orderId: string): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const [expired] = await tx
      .update(orders)
      .set({ status: 'expired' })
      .where(and(eq(orders.id, orderId), eq(orders.status, 'pending')))
      .returning({
        id: orders.id,
        storeCreditMinor: orders.storeCreditMinor,
        storeCreditUserId: orders.storeCreditUserId,
      })
    if (!expired) return false
    await recordCancelled(tx, orderId, ctx.clock.now().toISOString())
    await releaseCoupon(tx, orderId)
    await releaseStock(ctx, tx, orderId)
    await releaseForOrder(ctx, tx, expired)
    return true
  })
}

/** Orders younger than this are left to the customer's own confirm and the provider's notification. */
const RECONCILE_AFTER_MS = 60_000

/**
 * Settles pending orders no confirm or notification has settled (a crash, a lost webhook, a customer who closed the
 * tab), oldest first, a hundred a pass: asks the provider about each order's session and completes the paid ones;
 * past ORDER_TTL_MINUTES, closes the session at the provider and expires the order — unless it was paid meanwhile.
 * Returns how many orders it settled. Runs at start and every minute.
 */
export async function reconcileOrders(ctx: CheckoutContext): Promise<number> {
  const now = ctx.clock.now().getTime()
  const pending = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.status, 'pending'), lt(orders.createdAt, new Date(now - RECONCILE_AFTER_MS).toISOString())))
    .orderBy(asc(orders.createdAt))
    .limit(100)
  let settled = 0
  for (const order of pending) {
    try {
      if (await reconcileOrder(ctx, order, now)) settled++
    } catch (error) {
      ctx.log.warn({ err: error, orderId: order.id }, 'could not reconcile a pending order; will try again')
    }
  }
  return settled
}

async function reconcileOrder(ctx: CheckoutContext, order: Order, now: number): Promise<boolean> {
  const overdue = Date.parse(order.createdAt) < now - ctx.config.orderTtlMinutes * 60_000
  const sessionId = order.paymentSessionId ?? (await ctx.payments.sessionOfOrder?.(order.id))
  if (sessionId) {
    const known = { ...order, paymentSessionId: sessionId }
    const outcome = await settlePaidSession(ctx, known, sessionId)
    if (outcome === 'completed' || outcome === 'expired') return true
    if (!overdue) return false
    // Closed at the provider first, so the page cannot take money for an order we are about to expire.
    const closed = await loggedCall(
      ctx,
      { provider: ctx.payments.name, action: 'checkout.sessions.expire', reference: sessionId, orderId: order.id },
      () => ctx.payments.expireSession(sessionId),
      (state) => ({ detail: state }),
    )
    if (closed === 'paid') return (await settlePaidSession(ctx, known, sessionId)) === 'completed'
  } else if (!overdue) {
    return false
  }
  return expireOrder(ctx, order.id)
}

/**
 * The order a payment session pays for. Found by the session id stored on the order; when storing it failed
 * after the provider had opened the session, the provider's own record of which order the session is for (it
 * is told our order id, nothing else) finds the order, and the session id is stored then.
 */
export async function findOrderForSession(ctx: CheckoutContext, sessionId: string): Promise<Order | undefined> {
  const stored = await findOrderBySession(ctx.db, sessionId)
  if (stored) return stored
  // Anyone may call confirm: only an id the provider could have made is worth a call to the provider.
  if (!ctx.payments.isSessionId(sessionId)) return undefined
  const session = await retrieveSession(ctx, sessionId)
  if (!session || !isUuid(session.orderId)) return undefined
  const [order] = await ctx.db
    .update(orders)
    .set({ paymentSessionId: sessionId })
    .where(and(eq(orders.id, session.orderId), isNull(orders.paymentSessionId)))
    .returning()
  return order ?? (await findOrderBySession(ctx.db, sessionId))
}

/** The order that a payment session pays for, or undefined. */
export async function findOrderBySession(db: Database, sessionId: string): Promise<Order | undefined> {
  const [order] = await db.select().from(orders).where(eq(orders.paymentSessionId, sessionId))
  return order
}

/**
 * An order's lines as order.completed carries them, oldest first, for the RETURNING of an update of `orders`
 * (the updated row is `orders` there; Drizzle would print the column unqualified, which `i` would capture).
 */
function updatedOrderLines() {
  // The frozen rate is left out, not null, on lines older than it (the event's field is optional, not nullable).
  return sql<OrderCompletedData['items']>`(
    SELECT coalesce(json_agg(jsonb_build_object(
      'id', i.id, 'product_id', i.product_id, 'product_title', i.product_title, 'price_minor', i.price_minor,
      'quantity', i.quantity, 'discount_minor', i.discount_minor, 'admin_revenue_minor', i.admin_revenue_minor,
      'ambassador_revenue_minor', i.ambassador_revenue_minor)
      || jsonb_strip_nulls(jsonb_build_object('commission_rate_basis_points', i.commission_rate_basis_points,
        'commission_rule', i.commission_rule, 'commission_rule_detail', i.commission_rule_detail
          || jsonb_strip_nulls(jsonb_build_object('rule_id', i.commission_rule_id, 'label', i.commission_rule_label))))
      ORDER BY i.id), '[]')
    FROM ${orderItems} i WHERE i.order_id = orders.id)`
}

function orderCompletedData(order: Order, items: OrderCompletedData['items'], completedAt: string): OrderCompletedData {
  return {
    id: order.id,
    link_id: order.linkId,
    code: order.code,
    ambassador_id: order.ambassadorId,
    first_name: order.firstName,
    last_name: order.lastName,
    email: order.email,
    address: order.address,
    country: order.country,
    city: order.city,
    zip: order.zip,
    currency: order.currency,
    total_minor: order.totalMinor,
    discount_minor: order.discountMinor,
    coupon_code: order.couponCode,
    admin_revenue_minor: order.adminRevenueMinor,
    ambassador_revenue_minor: order.ambassadorRevenueMinor,
    items,
    completed_at: completedAt,
    payment_reference: order.paymentId,
    ...(order.storeCreditMinor > 0 && { store_credit_minor: order.storeCreditMinor }),
    click_id: order.clickId,
    attributed_by: order.attributedBy,
    commission_withheld: order.commissionWithheld,
  }
}

/** Drops empty lines and adds up repeated products, keeping the order they were first listed in. */
function mergeLines(lines: CreateOrderBody['products']): Map<string, number> {
  const quantities = new Map<string, number>()
  for (const line of lines) {
    if (line.quantity <= 0) continue
    const quantity = (quantities.get(line.product_id) ?? 0) + line.quantity
    if (quantity > MAX_QUANTITY) {
      throw badRequest(`The quantity of product ${line.product_id} must be at most ${MAX_QUANTITY}`)
    }
    quantities.set(line.product_id, quantity)
  }
  return quantities
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
