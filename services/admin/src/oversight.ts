import type {
  LinkData,
  OrderCommissionRestoredData,
  OrderCompletedData,
  OrderRefundedData,
  UserData,
} from '@ambassador/contracts/events'
import type { Order, User, UserLinks } from '@ambassador/contracts/http'
import type { Database } from '@ambassador/kit/db/database'
import { applyIfNewer } from '@ambassador/kit/db/newer'
import { notFound, notYet } from '@ambassador/kit/errors/errors'
import { type Page, pageOf, pageOffset } from '@ambassador/kit/http/pages'
import { isUuid } from '@ambassador/kit/ids/ids'
import { toMajor } from '@ambassador/kit/money/money'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { and, asc, count, desc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm'
import type { Static } from 'typebox'
import { links, orderItems, orders, users } from './schema.ts'

/** The cache scope of the order lists (all orders, a user's links and their orders): moved on by orders and links. */
export const ORDERS_SCOPE = 'admin:orders'
/** The cache scope of the ambassador list: moved on by every account change. */
export const USERS_SCOPE = 'admin:users'

type OrderView = Static<typeof Order>
type UserLinkView = Static<typeof UserLinks>[number]

/** Keeps the local copy of an account current (user.registered, user.updated at `at`); older news is ignored. */
export async function saveUser(ctx: ConsumerContext<ServiceContext>, user: UserData, at: string): Promise<void> {
  await applyIfNewer(ctx.db, users, {
    id: user.id,
    firstName: user.first_name,
    lastName: user.last_name,
    email: user.email,
    role: user.role,
    sessionVersion: user.session_version ?? 0,
    updatedAt: at,
  })
  ctx.afterCommit(async () => {
    ctx.sessions.forget(user.id)
    await ctx.cache.invalidate(USERS_SCOPE)
  })
}

/** Records a referral link (link.created); links never change, so a repeat is a no-op. */
export async function recordLink(ctx: ConsumerContext<ServiceContext>, link: LinkData): Promise<void> {
  await ctx.db
    .insert(links)
    .values({ id: link.id, code: link.code, userId: link.user_id, createdAt: link.created_at })
    .onConflictDoNothing({ target: links.id })
  ctx.afterCommit(() => ctx.cache.invalidate(ORDERS_SCOPE))
}

/** Records a completed order and its lines (order.completed); a repeat of the same order is a no-op. */
export async function recordOrder(ctx: ConsumerContext<ServiceContext>, order: OrderCompletedData): Promise<void> {
  ctx.afterCommit(() => ctx.cache.invalidate(ORDERS_SCOPE))
  const recorded = ctx.db
    .insert(orders)
    .values({
      id: order.id,
      linkId: order.link_id,
      code: order.code,
      ambassadorId: order.ambassador_id,
      firstName: order.first_name,
      lastName: order.last_name,
      email: order.email,
      currency: order.currency,
      totalMinor: order.total_minor,
      discountMinor: order.discount_minor ?? 0,
      couponCode: order.coupon_code ?? null,
      adminRevenueMinor: order.admin_revenue_minor,
      ambassadorRevenueMinor: order.ambassador_revenue_minor,
      completedAt: order.completed_at,
    })
    .onConflictDoNothing({ target: orders.id })
    .returning({ id: orders.id })
  if (order.items.length === 0) {
    await recorded
    return
  }
  const lines = ctx.db
    .insert(orderItems)
    .values(
      order.items.map((item) => ({
        id: item.id,
        orderId: order.id,
        productId: item.product_id,
        productTitle: item.product_title,
        priceMinor: item.price_minor,
        quantity: item.quantity,
        discountMinor: item.discount_minor ?? 0,
        adminRevenueMinor: item.admin_revenue_minor,
        ambassadorRevenueMinor: item.ambassador_revenue_minor,
      })),
    )
    .onConflictDoNothing({ target: orderItems.id })
    .returning({ id: orderItems.id })
  // One round trip for the order and its lines.
  await ctx.db.execute(sql`WITH placed AS ${recorded}, lines AS ${lines} SELECT 1`)
}

/**
 * Nets a refund out of an order and the lines it names (order.refunded). The order travels on the same stream
 * before its refunds; one not here yet (a replayed refund) waits for it.
 */
export async function recordRefund(ctx: ConsumerContext<ServiceContext>, refund: OrderRefundedData): Promise<void> {
  const [order] = await ctx.db
    .update(orders)
    .set({
      refundedMinor: sql`${orders.refundedMinor} + ${refund.amount_minor}`,
      refundedAdminMinor: sql`${orders.refundedAdminMinor} + ${refund.admin_revenue_minor}`,
      refundedAmbassadorMinor: sql`${orders.refundedAmbassadorMinor} + ${refund.ambassador_revenue_minor}`,
    })
    .where(eq(orders.id, refund.order_id))
    .returning({ id: orders.id })
  if (!order) throw notYet(`Order ${refund.order_id} of refund ${refund.id} has not arrived yet`)
  for (const line of refund.items) {
    await ctx.db
      .update(orderItems)
      .set({
        refundedQuantity: sql`${orderItems.refundedQuantity} + ${line.quantity}`,
        refundedMinor: sql`${orderItems.refundedMinor} + ${line.amount_minor}`,
        refundedAdminMinor: sql`${orderItems.refundedAdminMinor} + ${line.admin_revenue_minor}`,
        refundedAmbassadorMinor: sql`${orderItems.refundedAmbassadorMinor} + ${line.ambassador_revenue_minor}`,
      })
      .where(eq(orderItems.id, line.order_item_id))
  }
  ctx.afterCommit(() => ctx.cache.invalidate(ORDERS_SCOPE))
}

/**
 * An admin overruled a withheld commission (order.commission_restored): the order and its lines now earn what the event
 * says. Absolute values, so a redelivery changes nothing; the order comes first on its stream, else it waits.
 */
export async function recordRestoration(
  ctx: ConsumerContext<ServiceContext>,
  restored: OrderCommissionRestoredData,
): Promise<void> {
  const [order] = await ctx.db
    .update(orders)
    .set({
      ambassadorRevenueMinor: restored.ambassador_revenue_minor,
      adminRevenueMinor: sql`${orders.totalMinor} - ${restored.ambassador_revenue_minor}`,
    })
    .where(eq(orders.id, restored.order_id))
    .returning({ id: orders.id })
  if (!order) throw notYet(`Order ${restored.order_id} of a restored commission has not arrived yet`)
  for (const line of restored.items) {
    await ctx.db
      .update(orderItems)
      .set({
        ambassadorRevenueMinor: line.ambassador_revenue_minor,
        adminRevenueMinor: sql`${orderItems.priceMinor} * ${orderItems.quantity} - ${orderItems.discountMinor} - ${line.ambassador_revenue_minor}`,
      })
      .where(eq(orderItems.id, line.order_item_id))
  }
  ctx.afterCommit(() => ctx.cache.invalidate(ORDERS_SCOPE))
}

const userView = { id: users.id, first_name: users.firstName, last_name: users.lastName, email: users.email }
const isAmbassador = eq(users.role, 'ambassador')

/** Every ambassador account, in registration order. */
export async function listAmbassadors(ctx: ServiceContext): Promise<User[]> {
  return ctx.db.select(userView).from(users).where(isAmbassador).orderBy(asc(users.id))
}

/** One page of the ambassadors, in the same order as the whole list. */
export async function pageOfAmbassadors(ctx: ServiceContext, page: number, perPage: number): Promise<Page<User>> {
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select(userView)
      .from(users)
      .where(isAmbassador)
      .orderBy(asc(users.id))
      .limit(perPage)
      .offset(pageOffset(page, perPage)),
    ctx.db.select({ total: count() }).from(users).where(isAmbassador),
  ])
  return pageOf(rows, counted?.total ?? 0, page, perPage)
}

/** One ambassador; 404 for an id we have never heard of, or one that is not an ambassador. */
export async function findAmbassador(ctx: ServiceContext, id: string): Promise<User> {
  if (!isUuid(id)) throw notFound('Ambassador not found')
  const [user] = await ctx.db
    .select(userView)
    .from(users)
    .where(and(eq(users.id, id), isAmbassador))
  if (!user) throw notFound('Ambassador not found')
  return user
}

/** One user's links, newest first, each with its completed orders; 404 for a user we have never heard of. */
export async function listUserLinks(ctx: ServiceContext, userId: string): Promise<UserLinkView[]> {
  if (!isUuid(userId)) throw notFound('User not found')
  const userLinks = await ctx.db
    .select({ id: links.id, code: links.code })
    .from(links)
    .where(eq(links.userId, userId))
    .orderBy(desc(links.createdAt), desc(links.id))
  if (userLinks.length === 0) {
    // Links and accounts arrive on different streams: a user is known by either.
    const [user] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, userId))
    if (!user) throw notFound('User not found')
    return []
  }
  const linkOrders = await listOrdersWhere(
    ctx.db,
    inArray(orders.linkId, ctx.db.select({ id: links.id }).from(links).where(eq(links.userId, userId))),
  )
  return userLinks.map((link) => ({
    ...link,
    orders: linkOrders.filter((order) => order.linkId === link.id).map((order) => order.view),
  }))
}

/** Every completed order with its lines, newest first; only the newest `limit` when given. */
export async function listOrders(ctx: ServiceContext, limit?: number): Promise<OrderView[]> {
  if (limit === undefined) return (await listOrdersWhere(ctx.db)).map((order) => order.view)
  const newest = ctx.db
    .select({ id: orders.id })
    .from(orders)
    .orderBy(desc(orders.completedAt), desc(orders.id))
    .limit(limit)
  return (await listOrdersWhere(ctx.db, inArray(orders.id, newest))).map((order) => order.view)
}

/** One page of the completed orders, newest first, with how many there are in all. */
export async function pageOfOrders(ctx: ServiceContext, page: number, perPage: number): Promise<Page<OrderView>> {
  const newest = ctx.db
    .select({ id: orders.id })
    .from(orders)
    .orderBy(desc(orders.completedAt), desc(orders.id))
    .limit(perPage)
    .offset(pageOffset(page, perPage))
  const [rows, [counted]] = await Promise.all([
    listOrdersWhere(ctx.db, inArray(orders.id, newest)),
    ctx.db.select({ total: count() }).from(orders),
  ])
  return pageOf(
    rows.map((row) => row.view),
    counted?.total ?? 0,
    page,
    perPage,
  )
}

async function listOrdersWhere(db: Database, filter?: SQL): Promise<{ linkId: string | null; view: OrderView }[]> {
  const orderRows = await db.select().from(orders).where(filter).orderBy(desc(orders.completedAt), desc(orders.id))
  if (orderRows.length === 0) return []
  // Lines are joined on the same filter rather than listed by order id, so the query stays small.
  const itemRows = await db
    .select(getTableColumns(orderItems))
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(filter)
    .orderBy(asc(orderItems.id))
  const itemsByOrder = new Map<string, typeof itemRows>()
  for (const item of itemRows) {
    const lines = itemsByOrder.get(item.orderId)
    if (lines) lines.push(item)
    else itemsByOrder.set(item.orderId, [item])
  }
  return orderRows.map((order) => ({
    linkId: order.linkId,
    view: {
      id: order.id,
      name: `${order.firstName} ${order.lastName}`,
      email: order.email,
      // The reference API's meaning of "total": the store's share. What the customer paid is amount_paid. Revenue
      // is net of refunds; what went back is `refunded`.
      total: toMajor(order.adminRevenueMinor - order.refundedAdminMinor),
      ...(order.code === null ? {} : { code: order.code }),
      amount_paid: toMajor(order.totalMinor),
      discount: toMajor(order.discountMinor),
      coupon_code: order.couponCode,
      refunded: toMajor(order.refundedMinor),
      ambassador_revenue: toMajor(order.ambassadorRevenueMinor - order.refundedAmbassadorMinor),
      completed_at: new Date(order.completedAt).toISOString(),
      order_items: (itemsByOrder.get(order.id) ?? []).map((item) => ({
        id: item.id,
        product_id: item.productId,
        product_title: item.productTitle,
        price: toMajor(item.priceMinor),
        quantity: item.quantity,
        discount: toMajor(item.discountMinor),
        admin_revenue: toMajor(item.adminRevenueMinor - item.refundedAdminMinor),
        ambassador_revenue: toMajor(item.ambassadorRevenueMinor - item.refundedAmbassadorMinor),
        refunded_quantity: item.refundedQuantity,
        refunded: toMajor(item.refundedMinor),
      })),
    },
  }))
}
