import type { Role } from '@ambassador/contracts/events'
import { eventTables } from '@ambassador/kit/events/tables'
import { bigint, date, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'

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

export const { outbox, inbox, deadLetters } = eventTables('ambassador')
export const tables = { outbox, inbox, deadLetters }
