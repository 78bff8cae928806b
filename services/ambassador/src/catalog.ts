import type { ProductData } from '@ambassador/contracts/events'
import type { Product, ProductSearchQuery } from '@ambassador/contracts/http'
import { cached } from '@ambassador/kit/cache/cache'
import type { Database } from '@ambassador/kit/db/database'
import { newerThanStored } from '@ambassador/kit/db/newer'
import { toMajor } from '@ambassador/kit/money/money'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { asc, eq, inArray, sql } from 'drizzle-orm'
import { catalog, deletedProducts } from './schema.ts'

/** Every cached catalog answer starts with this, so one invalidation clears them all. */
export const PRODUCTS_CACHE_PREFIX = 'ambassador:products:'
const PRODUCTS_CACHE_KEY = `${PRODUCTS_CACHE_PREFIX}all`
const CACHE_TTL_SECONDS = 300
export const PAGE_SIZE = 9

type CatalogRow = typeof catalog.$inferSelect

/** A catalog row as the HTTP contract shows it: price in major units. */
export function productView(row: CatalogRow): Product {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    image: row.image,
    price: toMajor(row.priceMinor),
  }
}

/** Records a created or updated product; an event older than what we hold, or about a deleted product, is ignored. */
export async function upsertCatalogProduct(ctx: ConsumerContext<ServiceContext>, product: ProductData, at: string) {
  const [deleted] = await ctx.db.select().from(deletedProducts).where(eq(deletedProducts.id, product.id))
  if (deleted) return
  const row = {
    id: product.id,
    title: product.title,
    description: product.description,
    image: product.image,
    priceMinor: product.price_minor,
    currency: product.currency,
    updatedAt: at,
  }
  await ctx.db
    .insert(catalog)
    .values(row)
    .onConflictDoUpdate({
      target: catalog.id,
      set: {
        title: sql`excluded.title`,
        description: sql`excluded.description`,
        image: sql`excluded.image`,
        priceMinor: sql`excluded.price_minor`,
        currency: sql`excluded.currency`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: newerThanStored(catalog.updatedAt),
    })
  ctx.afterCommit(() => ctx.cache.invalidate(PRODUCTS_CACHE_PREFIX))
}

/** Forgets a deleted product; links that held it keep working with their other products. */
export async function removeCatalogProduct(ctx: ConsumerContext<ServiceContext>, productId: string, at: string) {
  await ctx.db.insert(deletedProducts).values({ id: productId, deletedAt: at }).onConflictDoNothing()
  await ctx.db.delete(catalog).where(eq(catalog.id, productId))
  ctx.afterCommit(() => ctx.cache.invalidate(PRODUCTS_CACHE_PREFIX))
}

/** The whole catalog in the order products were created, cached until a product changes. */
export function listProducts(ctx: ServiceContext): Promise<Product[]> {
  return cached(ctx.cache, PRODUCTS_CACHE_KEY, CACHE_TTL_SECONDS, async () => {
    const rows = await ctx.db.select().from(catalog).orderBy(asc(catalog.id))
    return rows.map(productView)
  })
}

/** One page of the catalog, filtered by a case-insensitive text search and sorted by price if asked. */
export async function searchProducts(ctx: ServiceContext, query: ProductSearchQuery) {
  const all = await listProducts(ctx)
  const needle = query.s?.trim().toLowerCase() ?? ''
  const matching = needle
    ? all.filter((p) => p.title.toLowerCase().includes(needle) || p.description.toLowerCase().includes(needle))
    : all
  const sorted =
    query.sort === undefined
      ? matching
      : [...matching].sort((a, b) => (query.sort === 'asc' ? a.price - b.price : b.price - a.price))
  const page = query.page ?? 1
  const total = sorted.length
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const data = sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
  return { data, total, page, last_page: lastPage, meta: { total, page, last_page: lastPage } }
}

/** The catalog rows with these ids (those still in the catalog), by id. */
export async function findCatalogProducts(db: Database, ids: string[]): Promise<Map<string, CatalogRow>> {
  if (ids.length === 0) return new Map()
  const rows = await db.select().from(catalog).where(inArray(catalog.id, ids))
  return new Map(rows.map((row) => [row.id, row]))
}
