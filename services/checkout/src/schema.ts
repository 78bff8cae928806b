import { eventTables } from '@ambassador/kit/events/tables'
import { sql } from 'drizzle-orm'
import {
  bigint,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

export const checkoutSchema = pgSchema('checkout')

// Read models, fed by other services' events (never written by a request).

/** The catalog as checkout prices it: fed by product.* events. */
export const products = checkoutSchema.table('products', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  image: text('image').notNull(),
  priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  /** When the event that wrote this row occurred (null before it was kept): an older event never overwrites. */
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }),
})

/** Products the catalog deleted: an older product event replayed later must not bring one back. */
export const deletedProducts = checkoutSchema.table('deleted_products', {
  id: uuid('id').primaryKey(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'string' }).notNull(),
})

/** Referral links, fed by link.created. */
export const links = checkoutSchema.table(
  'links',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [uniqueIndex('links_code_key').on(t.code)],
)

/** The products a link offers, in the order the ambassador picked them. */
export const linkProducts = checkoutSchema.table(
  'link_products',
  {
    linkId: uuid('link_id')
      .notNull()
      .references(() => links.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.productId] })],
)

/** Ambassadors' names for the checkout page, fed by user.* events. Deliberately no email. */
export const ambassadors = checkoutSchema.table('ambassadors', {
  id: uuid('id').primaryKey(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  /** When the event that wrote this row occurred (null before it was kept): an older event never overwrites. */
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }),
})

// What checkout owns.

/** `expired`: left unpaid past ORDER_TTL_MINUTES, its payment session expired first so it can no longer be paid. */
export const orderStatus = checkoutSchema.enum('order_status', ['pending', 'completed', 'expired'])

export const orders = checkoutSchema.table(
  'orders',
  {
    id: uuid('id').primaryKey(),
    linkId: uuid('link_id').notNull(),
    code: text('code').notNull(),
    ambassadorId: uuid('ambassador_id').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull(),
    address: text('address').notNull(),
    country: text('country').notNull(),
    city: text('city').notNull(),
    zip: text('zip').notNull(),
    currency: text('currency').notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    adminRevenueMinor: bigint('admin_revenue_minor', { mode: 'number' }).notNull(),
    ambassadorRevenueMinor: bigint('ambassador_revenue_minor', { mode: 'number' }).notNull(),
    status: orderStatus('status').notNull(),
    paymentSessionId: text('payment_session_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('orders_payment_session_id_key').on(t.paymentSessionId),
    index('orders_link_id').on(t.linkId),
    // Reconciliation walks the pending orders oldest first: keep that a small index however many orders complete.
    index('orders_pending').on(t.createdAt).where(sql`status = 'pending'`),
  ],
)

/** One line of an order, with the price and title as they were when it was placed. */
export const orderItems = checkoutSchema.table(
  'order_items',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    productTitle: text('product_title').notNull(),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    quantity: integer('quantity').notNull(),
    adminRevenueMinor: bigint('admin_revenue_minor', { mode: 'number' }).notNull(),
    ambassadorRevenueMinor: bigint('ambassador_revenue_minor', { mode: 'number' }).notNull(),
  },
  (t) => [index('order_items_order_id').on(t.orderId)],
)

// The embedded test payment provider's own sessions (a stand-in for Stripe Checkout).

export const paymentSessionStatus = checkoutSchema.enum('test_payment_session_status', ['open', 'paid', 'expired'])

export type TestLineItem = { title: string; unitMinor: number; quantity: number }

export const testPaymentSessions = checkoutSchema.table('test_payment_sessions', {
  id: text('id').primaryKey(),
  orderId: uuid('order_id').notNull(),
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  status: paymentSessionStatus('status').notNull(),
  successUrl: text('success_url').notNull(),
  cancelUrl: text('cancel_url').notNull(),
  lineItems: jsonb('line_items').$type<TestLineItem[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true, mode: 'string' }),
})

/**
 * The test provider's notifications to checkout that a session was paid: written in the transaction that marks it
 * paid, delivered through checkout's webhook route until it answers 200 (as Stripe retries its webhooks).
 */
export const testPaymentWebhooks = checkoutSchema.table(
  'test_payment_webhooks',
  {
    id: uuid('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    attempts: integer('attempts').notNull(),
    /** When it may next be sent: now when due, later while one delivery is in flight or after a failed one. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [index('test_payment_webhooks_due').on(t.nextAttemptAt).where(sql`delivered_at IS NULL`)],
)

export const { outbox, inbox, deadLetters } = eventTables('checkout')
export const tables = { outbox, inbox, deadLetters }
