import type { Role } from '@ambassador/contracts/events'
import { eventTables } from '@ambassador/kit/events/tables'
import { sql } from 'drizzle-orm'
import {
  bigint,
  date,
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

export const ambassadorSchema = pgSchema('ambassador')

/** A referral link: a short shareable code bundling the products an ambassador picked. */
export const links = ambassadorSchema.table(
  'links',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('links_user_id').on(t.userId, t.createdAt)],
)

/** The products of a link, in the order the ambassador gave them. */
export const linkProducts = ambassadorSchema.table(
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

/** Read model of the admin's catalog, fed by product.* events. */
export const catalog = ambassadorSchema.table(
  'catalog',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    image: text('image').notNull(),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    /** When the event that wrote this row occurred: an older event never overwrites a newer one. */
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    // The product browser's text search (ILIKE '%…%' on either field) and its sort by price, in the database.
    index('catalog_title_trgm').using('gin', t.title.op('gin_trgm_ops')),
    index('catalog_description_trgm').using('gin', t.description.op('gin_trgm_ops')),
    index('catalog_price').on(t.priceMinor, t.id),
  ],
)

/** Products the catalog deleted: an older product event replayed later must not bring one back. */
export const deletedProducts = ambassadorSchema.table('deleted_products', {
  id: uuid('id').primaryKey(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'string' }).notNull(),
})

/** Read model of the accounts (names and roles for the rankings), fed by user.* events. */
export const users = ambassadorSchema.table('users', {
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

/** Completed orders and the commission each link earned, kept from order.completed. */
export const linkStats = ambassadorSchema.table('link_stats', {
  linkId: uuid('link_id').primaryKey(),
  ordersCount: integer('orders_count').notNull(),
  revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull(),
})

/** The same per link and UTC day the order completed: the series behind the ambassador's earnings chart. */
export const linkDailyStats = ambassadorSchema.table(
  'link_daily_stats',
  {
    linkId: uuid('link_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ordersCount: integer('orders_count').notNull(),
    revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.day] })],
)

/** What a ledger entry records: accruals, approvals and reversals now; adjustments and payouts to come (#13). */
export const ledgerEntryKind = ambassadorSchema.enum('ledger_entry_kind', [
  'accrual',
  'approval',
  'reversal',
  'adjustment',
  'payout',
])

/**
 * The commission ledger (#13): append-only, never updated or deleted. Each entry moves money between an ambassador's
 * buckets by signed deltas; a balance is the sum of its entries.
 */
export const ledgerEntries = ambassadorSchema.table(
  'ledger_entries',
  {
    id: uuid('id').primaryKey(),
    ambassadorId: uuid('ambassador_id').notNull(),
    currency: text('currency').notNull(),
    /** Null for entries of no order (manual adjustments, payouts). */
    orderId: uuid('order_id'),
    /** The order line the entry is about; null for an entry about no line (adjustments, payouts). */
    orderItemId: uuid('order_item_id'),
    /** The referral link the order came through (stats are rebuilt per link); null for adjustments and payouts. */
    linkId: uuid('link_id'),
    kind: ledgerEntryKind('kind').notNull(),
    pendingMinor: bigint('pending_minor', { mode: 'number' }).notNull().default(0),
    approvedMinor: bigint('approved_minor', { mode: 'number' }).notNull().default(0),
    paidMinor: bigint('paid_minor', { mode: 'number' }).notNull().default(0),
    /** The commission rate frozen on the line when its order was placed (null: the order.completed event lacked it). */
    rateBasisPoints: integer('rate_basis_points'),
    rule: text('rule').notNull().default('default'),
    reason: text('reason'),
    /** The event that caused the entry (an approval names its accrual's): with line and kind, applied once. */
    sourceEventId: text('source_event_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    unique('ledger_entries_once').on(t.sourceEventId, t.orderItemId, t.kind).nullsNotDistinct(),
    // A line accrues once and is approved once, whatever the events or workers racing.
    uniqueIndex('ledger_entries_one_per_line').on(t.orderItemId, t.kind).where(sql`kind IN ('accrual', 'approval')`),
    index('ledger_entries_ambassador').on(t.ambassadorId, t.createdAt),
    index('ledger_entries_order').on(t.orderId),
    index('ledger_entries_link').on(t.linkId),
  ],
)

/** When each referred order was delivered: its commission's hold is counted from then (else from payment). */
export const ledgerDeliveries = ambassadorSchema.table('ledger_deliveries', {
  orderId: uuid('order_id').primaryKey(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }).notNull(),
})

export const { outbox, inbox, deadLetters } = eventTables('ambassador')
export const tables = { outbox, inbox, deadLetters }
