import type { ProductData } from '@ambassador/contracts/events'
import type { Product, ProductSearchQuery } from '@ambassador/contracts/http'
import type { Database } from '@ambassador/kit/db/database'
import { applyIfNewer } from '@ambassador/kit/db/newer'
import { toMajor } from '@ambassador/kit/money/money'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { asc, count, desc, eq, ilike, inArray, or } from 'drizzle-orm'
import { catalog, deletedProducts } from './schema.ts'

/** The cache scope of every catalog answer (whole list, search pages): one invalidation per product change. */
export const CATALOG_SCOPE = 'ambassador:catalog'
export const CATALOG_TTL_SECONDS = 300
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
  const { deleted } = await applyIfNewer(
    ctx.db,
    catalog,
    {
      id: product.id,
      title: product.title,
      description: product.description,
      image: product.image,
      priceMinor: product.price_minor,
      currency: product.currency,
      updatedAt: at,
    },
    deletedProducts,
  )
  if (!deleted) ctx.afterCommit(() => ctx.cache.invalidate(CATALOG_SCOPE))
}

/** Forgets a deleted product; links that held it keep working with their other products. */
export async function removeCatalogProduct(ctx: ConsumerContext<ServiceContext>, productId: string, at: string) {
  await ctx.db.insert(deletedProducts).values({ id: productId, deletedAt: at }).onConflictDoNothing()
  await ctx.db.delete(catalog).where(eq(catalog.id, productId))
  ctx.afterCommit(() => ctx.cache.invalidate(CATALOG_SCOPE))
}

/** The whole catalog in the order products were created (the routes cache the answer until a product changes). */
export async function listProducts(ctx: ServiceContext): Promise<Product[]> {
  const rows = await ctx.db.select().from(catalog).orderBy(asc(catalog.id))
  return rows.map(productView)
}

/** The price order asked for; anything but `asc` or `desc` is none (the reference clients send `sort=Select`). */
function sortOf(query: ProductSearchQuery): 'asc' | 'desc' | '' {
  return query.sort === 'asc' || query.sort === 'desc' ? query.sort : ''
}

/** The cache key of a search (not case-folded here: JavaScript and PostgreSQL fold a few letters differently). */
export function searchKey(query: ProductSearchQuery): string {
  return `search:${sortOf(query)}:${query.page ?? 1}:${query.s?.trim() ?? ''}`
}

/**
 * One page of the catalog, filtered by a case-insensitive substring of the title or description and sorted by
 * price if asked (ties, and no sort, in creation order) — all in PostgreSQL, on trigram and price indexes.
 */
export async function searchProducts(ctx: ServiceContext, query: ProductSearchQuery) {
  const needle = query.s?.trim() ?? ''
  const pattern = `%${needle.replace(/[\\%_]/g, '\\$&')}%`
  const where = needle ? or(ilike(catalog.title, pattern), ilike(catalog.description, pattern)) : undefined
  const sort = sortOf(query)
  const order =
    sort === 'asc'
      ? [asc(catalog.priceMinor), asc(catalog.id)]
      : sort === 'desc'
        ? [desc(catalog.priceMinor), asc(catalog.id)]
        : [asc(catalog.id)]
  const page = query.page ?? 1
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select()
      .from(catalog)
      .where(where)
      .orderBy(...order)
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    ctx.db.select({ total: count() }).from(catalog).where(where),
  ])
  const total = counted?.total ?? 0
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const data = rows.map(productView)
  return { data, total, page, last_page: lastPage, meta: { total, page, last_page: lastPage } }
}

/** The catalog rows with these ids (those still in the catalog), by id. */
export async function findCatalogProducts(db: Database, ids: string[]): Promise<Map<string, CatalogRow>> {
  if (ids.length === 0) return new Map()
  const rows = await db.select().from(catalog).where(inArray(catalog.id, ids))
  return new Map(rows.map((row) => [row.id, row]))
}
