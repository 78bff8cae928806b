import type { Role } from '@ambassador/contracts/events'
import { eventTables } from '@ambassador/kit/events/tables'
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
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

/** What a ledger entry records: a line's accrual, approval and reversals; an admin's adjustment; a payout's steps. */
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
    /** Money on its way out: taken from approved by a payout request, until the payout is paid or returned. */
    processingMinor: bigint('processing_minor', { mode: 'number' }).notNull().default(0),
    /** The payout a payout entry is a step of (null for every other entry). */
    payoutId: uuid('payout_id'),
    /** The commission rate frozen on the line when its order was placed (null: the order.completed event lacked it). */
    rateBasisPoints: integer('rate_basis_points'),
    /** The rule that set the rate ('default', …), 'manual' for adjustments, the step for payouts ('payout_paid', …). */
    rule: text('rule').notNull().default('default'),
    /** What the rule saw when it chose the rate (frozen with it): shown by the commission's explanation. */
    ruleDetail: jsonb('rule_detail').$type<Record<string, unknown>>(),
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
    // The leaderboards: a period's approved moves, read from the index alone (approved_minor and currency in it).
    index('ledger_entries_approved_moves')
      .on(t.occurredAt, t.ambassadorId, t.approvedMinor, t.currency)
      .where(sql`kind IN ('approval', 'reversal', 'adjustment')`),
    // Each step of a payout (requested, paid, returned) is written once: money is never paid twice.
    uniqueIndex('ledger_entries_payout_step').on(t.payoutId, t.rule).where(sql`payout_id IS NOT NULL`),
  ],
)

/** When each referred order was delivered: its commission's hold is counted from then (else from payment). */
export const ledgerDeliveries = ambassadorSchema.table('ledger_deliveries', {
  orderId: uuid('order_id').primaryKey(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }).notNull(),
})

/** Where an ambassador wants their payouts sent. */
export const payoutDetails = ambassadorSchema.table('payout_details', {
  ambassadorId: uuid('ambassador_id').primaryKey(),
  method: text('method').$type<PayoutMethod>().notNull(),
  /** The PayPal or Wise account's email. */
  email: text('email'),
  /** The name on the receiving account (Wise asks for it). */
  accountHolder: text('account_holder'),
  /** The connected Stripe account (acct_…) for Stripe Connect transfers. */
  stripeAccountId: text('stripe_account_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
})

export type PayoutMethod = 'paypal' | 'wise' | 'stripe_connect' | 'store_credit'
export type PayoutStatus = 'requested' | 'approved' | 'paid' | 'returned'

/**
 * A payout an ambassador asked for: its amount left approved for processing when it was requested (a ledger entry),
 * and reaches paid or goes back to approved with the entries of its later steps. The destination is frozen.
 */
export const payouts = ambassadorSchema.table(
  'payouts',
  {
    id: uuid('id').primaryKey(),
    ambassadorId: uuid('ambassador_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    method: text('method').$type<PayoutMethod>().notNull(),
    destination: jsonb('destination').$type<PayoutDestination>().notNull(),
    status: text('status').$type<PayoutStatus>().notNull(),
    /** The batch an admin approved it in: a payout is a line of one batch at most. */
    batchId: uuid('batch_id'),
    /** The provider's id for the money sent (a Stripe transfer), or the admin's reference when marked paid. */
    reference: text('reference'),
    /** Why it was returned to the approved balance. */
    reason: text('reason'),
    idempotencyKey: text('idempotency_key'),
    requestedAt: timestamp('requested_at', { withTimezone: true, mode: 'string' }).notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true, mode: 'string' }),
    paidAt: timestamp('paid_at', { withTimezone: true, mode: 'string' }),
    returnedAt: timestamp('returned_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    check('payouts_amount_positive', sql`${t.amountMinor} > 0`),
    unique('payouts_idempotency').on(t.ambassadorId, t.idempotencyKey),
    index('payouts_status').on(t.status, t.requestedAt),
    index('payouts_ambassador').on(t.ambassadorId, t.requestedAt),
    index('payouts_batch').on(t.batchId),
  ],
)

export type PayoutDestination = { email?: string; account_holder?: string; stripe_account_id?: string }

/** Payouts an admin approved together, to be paid by one method: a CSV for PayPal or Wise, or Stripe transfers. */
export const payoutBatches = ambassadorSchema.table('payout_batches', {
  id: uuid('id').primaryKey(),
  method: text('method').$type<PayoutMethod>().notNull(),
  currency: text('currency').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  exportedAt: timestamp('exported_at', { withTimezone: true, mode: 'string' }),
  paidAt: timestamp('paid_at', { withTimezone: true, mode: 'string' }),
})

/** What kind of device opened a link, by its user agent. */
export type DeviceClass = 'mobile' | 'tablet' | 'desktop'

/**
 * One open of a referral link by a person (`/c/:code` or `?ref=<code>`; bots, HEAD requests and prefetches are not
 * kept). Its id is the click id the referral cookie carries, so an order can name the click that brought it. Written
 * in batches by the click recorder; never the visitor's address: `visitor_hash` is a keyed hash of address and user
 * agent, enough to count unique visitors.
 */
export const clicks = ambassadorSchema.table(
  'clicks',
  {
    id: uuid('id').primaryKey(),
    linkId: uuid('link_id').notNull(),
    ambassadorId: uuid('ambassador_id').notNull(),
    code: text('code').notNull(),
    clickedAt: timestamp('clicked_at', { withTimezone: true, mode: 'string' }).notNull(),
    /** The page opened: path and query, cut to 2,000 characters. */
    landing: varchar('landing', { length: 2000 }).notNull(),
    utmSource: varchar('utm_source', { length: 200 }),
    utmMedium: varchar('utm_medium', { length: 200 }),
    utmCampaign: varchar('utm_campaign', { length: 200 }),
    utmTerm: varchar('utm_term', { length: 200 }),
    utmContent: varchar('utm_content', { length: 200 }),
    /** The host of the page that linked here (the Referer's host name), when the browser said. */
    referrerHost: varchar('referrer_host', { length: 253 }),
    device: text('device').$type<DeviceClass>().notNull(),
    /** ISO 3166 alpha-2, from the CDN's or proxy's country header; null when none came. */
    country: varchar('country', { length: 2 }),
    visitorHash: text('visitor_hash').notNull(),
  },
  (t) => [index('clicks_link_time').on(t.linkId, t.clickedAt)],
)

/**
 * The key of the visitor hashes: 32 random bytes made at the service's first start, kept in its own schema. It exists
 * in both modes (there is always this database), is the same for every replica and across restarts (so a visitor
 * counts once), and never leaves the database — no setting to forget or to leak.
 */
export const clickKeys = ambassadorSchema.table(
  'click_keys',
  {
    id: integer('id').primaryKey(),
    key: text('key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [check('click_keys_one_row', sql`${t.id} = 1`)],
)

/**
 * A referred order, for the click stats (orders, conversion, revenue): the click that brought it (when one did), its
 * link and ambassador, and what it brought and earned net of refunds — from order.completed, order.refunded and
 * order.commission_restored. A refund that arrives first (a replayed event) makes the row with `completed` false; the
 * completion then adds itself.
 */
export const conversions = ambassadorSchema.table(
  'conversions',
  {
    orderId: uuid('order_id').primaryKey(),
    clickId: uuid('click_id'),
    linkId: uuid('link_id').notNull(),
    ambassadorId: uuid('ambassador_id').notNull(),
    currency: text('currency').notNull(),
    /** What the customer paid, less what was refunded. */
    revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull(),
    /** The ambassador's commission, less what refunds reversed. */
    commissionMinor: bigint('commission_minor', { mode: 'number' }).notNull(),
    /** Whether order.completed has been applied (only completed orders count). */
    completed: boolean('completed').notNull(),
    /** Whether an admin's overruling of a withheld commission (order.commission_restored) is in `commission_minor`. */
    commissionRestored: boolean('commission_restored').notNull().default(false),
    /** The refunds already taken off: each counts once, whatever redelivers it. */
    refundIds: uuid('refund_ids').array().notNull().default(sql`'{}'::uuid[]`),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    index('conversions_ambassador_time').on(t.ambassadorId, t.completedAt),
    index('conversions_link_time').on(t.linkId, t.completedAt),
  ],
)

export const { outbox, inbox, deadLetters } = eventTables('ambassador')
export const tables = { outbox, inbox, deadLetters }
