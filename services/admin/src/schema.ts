import type { Role } from '@ambassador/contracts/events'
import { eventTables } from '@ambassador/kit/events/tables'
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

export const adminSchema = pgSchema('admin')

const money = (name: string) => bigint(name, { mode: 'number' }).notNull()
const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' }).notNull()

/** The catalog: this service is its source of truth and announces every change as product.* events. */
export const products = adminSchema.table(
  'products',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    image: text('image').notNull(),
    priceMinor: money('price_minor'),
    currency: text('currency').notNull(),
    /** Its address in the shop, unique. */
    slug: text('slug').notNull(),
    categoryIds: uuid('category_ids').array().notNull().default(sql`'{}'`),
    /** Picture URLs, the first one also in `image` (the reference field). */
    images: jsonb('images').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Shown in the shop. A product made through the reference API is active. */
    active: boolean('active').notNull().default(true),
    createdAt: moment('created_at'),
    updatedAt: moment('updated_at'),
  },
  (t) => [index('products_created_at').on(t.createdAt), uniqueIndex('products_slug_key').on(t.slug)],
)

/** The shop's categories: admins manage them; a product may be in several. */
export const categories = adminSchema.table(
  'categories',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    createdAt: moment('created_at'),
    updatedAt: moment('updated_at'),
  },
  (t) => [uniqueIndex('categories_slug_key').on(t.slug)],
)

/**
 * Commission rules (#13): a rate for a product, a category, or a monthly tier (`threshold_minor` of paid sales this
 * UTC month, in `currency`) for one ambassador or all (`ambassador_id` null). Announced as commission_rule.* events.
 */
export const commissionRules = adminSchema.table(
  'commission_rules',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<'product' | 'category' | 'tier'>().notNull(),
    label: text('label').notNull(),
    rateBasisPoints: integer('rate_basis_points').notNull(),
    productId: uuid('product_id'),
    categoryId: uuid('category_id'),
    ambassadorId: uuid('ambassador_id'),
    thresholdMinor: bigint('threshold_minor', { mode: 'number' }),
    currency: text('currency'),
    createdAt: moment('created_at'),
    updatedAt: moment('updated_at'),
  },
  (t) => [
    // One rule per product, per category, and per tier (who, threshold, currency): a second one is a 409.
    uniqueIndex('commission_rules_product').on(t.productId),
    uniqueIndex('commission_rules_category').on(t.categoryId),
    uniqueIndex('commission_rules_tier')
      .on(sql`coalesce(${t.ambassadorId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.thresholdMinor, t.currency)
      .where(sql`kind = 'tier'`),
  ],
)

/** Read model of accounts, fed by user.registered and user.updated. */
export const users = adminSchema.table('users', {
  id: uuid('id').primaryKey(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  email: text('email').notNull(),
  role: text('role').$type<Role>().notNull(),
  /** When the event that wrote this row occurred (null before it was kept): an older event never overwrites. */
  /** The user's session version (user.* events): tokens issued under an older one are refused here. */
  sessionVersion: integer('session_version').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }),
})

/** Read model of referral links, fed by link.created. */
export const links = adminSchema.table(
  'links',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: moment('created_at'),
  },
  (t) => [index('links_user_id').on(t.userId)],
)

/** Read model of completed orders, fed by order.completed. */
export const orders = adminSchema.table(
  'orders',
  {
    id: uuid('id').primaryKey(),
    /** The referral link; null for a shop order no ambassador referred. */
    linkId: uuid('link_id'),
    code: text('code'),
    ambassadorId: uuid('ambassador_id'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull(),
    currency: text('currency').notNull(),
    /** What the customer paid, after a coupon's discount. */
    totalMinor: money('total_minor'),
    discountMinor: money('discount_minor').default(0),
    couponCode: text('coupon_code'),
    adminRevenueMinor: money('admin_revenue_minor'),
    ambassadorRevenueMinor: money('ambassador_revenue_minor'),
    /** What refunds (order.refunded) gave back, and of it the store's share and the commission reversed. */
    refundedMinor: money('refunded_minor').default(0),
    refundedAdminMinor: money('refunded_admin_minor').default(0),
    refundedAmbassadorMinor: money('refunded_ambassador_minor').default(0),
    completedAt: moment('completed_at'),
  },
  (t) => [index('orders_link_id').on(t.linkId), index('orders_completed_at').on(t.completedAt)],
)

export const orderItems = adminSchema.table(
  'order_items',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    productId: uuid('product_id').notNull(),
    productTitle: text('product_title').notNull(),
    priceMinor: money('price_minor'),
    quantity: integer('quantity').notNull(),
    discountMinor: money('discount_minor').default(0),
    adminRevenueMinor: money('admin_revenue_minor'),
    ambassadorRevenueMinor: money('ambassador_revenue_minor'),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    refundedMinor: money('refunded_minor').default(0),
    refundedAdminMinor: money('refunded_admin_minor').default(0),
    refundedAmbassadorMinor: money('refunded_ambassador_minor').default(0),
  },
  (t) => [index('order_items_order_id').on(t.orderId)],
)

export const { outbox, inbox, deadLetters } = eventTables('admin')
export const tables = { outbox, inbox, deadLetters }
