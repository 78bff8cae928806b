import { eventTables } from '@ambassador/kit/events/tables'
import { type SQL, sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  customType,
  index,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

export const storeSchema = pgSchema('store')

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })
const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' })

/**
 * The catalog as shoppers search it: a read model of the admin's products (product.* events), with what search
 * needs kept beside each row — a weighted full-text vector (title before description) and trigram indexes for
 * typos — so a query never walks the catalog.
 */
export const products = storeSchema.table(
  'products',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    images: jsonb('images').$type<string[]>().notNull(),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    active: boolean('active').notNull(),
    categoryIds: uuid('category_ids').array().notNull().default(sql`'{}'`),
    /** Whether it can be bought now; until inventory tracks a product, it always can. */
    inStock: boolean('in_stock').notNull().default(true),
    createdAt: moment('created_at').notNull(),
    /** When the event that wrote this row occurred: an older event never overwrites. */
    updatedAt: moment('updated_at').notNull(),
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql.raw(
          `setweight(to_tsvector('simple', "title"), 'A') || setweight(to_tsvector('simple', "description"), 'B')`,
        ),
    ),
  },
  (t) => [
    // Not unique here: the admin keeps slugs unique, but a slug moving between products can arrive out of order.
    index('products_slug').on(t.slug),
    index('products_search').using('gin', t.search),
    index('products_title_trigrams').using('gin', t.title.op('gin_trgm_ops')),
    index('products_category_ids').using('gin', t.categoryIds),
    index('products_price').on(t.priceMinor),
    index('products_created_at').on(t.createdAt),
  ],
)

/** Products the catalog deleted: an older product event replayed later must not bring one back. */
export const deletedProducts = storeSchema.table('deleted_products', {
  id: uuid('id').primaryKey(),
  deletedAt: moment('deleted_at').notNull(),
})

/** The shop's categories (category.* events). */
export const categories = storeSchema.table(
  'categories',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    updatedAt: moment('updated_at').notNull(),
  },
  (t) => [uniqueIndex('categories_slug_key').on(t.slug)],
)

export const deletedCategories = storeSchema.table('deleted_categories', {
  id: uuid('id').primaryKey(),
  deletedAt: moment('deleted_at').notNull(),
})

/**
 * What checkout last said about each product's stock (inventory.changed), kept apart from the product row: the
 * news can arrive before the product it is about (a replay, or another producer's relay running ahead), and the
 * product picks it up when it does arrive.
 */
export const stock = storeSchema.table('stock', {
  productId: uuid('product_id').primaryKey(),
  inStock: boolean('in_stock').notNull(),
  updatedAt: moment('updated_at').notNull(),
})

export const { outbox, inbox, deadLetters } = eventTables('store')
export const tables = { outbox, inbox, deadLetters }
