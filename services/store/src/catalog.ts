import type { CategoryData, ProductData } from '@ambassador/contracts/events'
import { applyIfNewer, newerThanStored } from '@ambassador/kit/db/newer'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { eq, sql } from 'drizzle-orm'
import { categories, deletedCategories, deletedProducts, products, stock } from './schema.ts'

/** The cache scope of every catalog answer: moved on by any product or category event. */
export const STORE_CATALOG_SCOPE = 'store:catalog'

type Ctx = ConsumerContext<ServiceContext>

/**
 * Records a product as the catalog announced it at `at`. Events written before the shop's fields existed carry
 * none of them: such a product is active, in no category, with its one picture, and a slug from its id.
 */
export async function upsertProduct(ctx: Ctx, product: ProductData, at: string) {
  await applyIfNewer(
    ctx.db,
    products,
    {
      id: product.id,
      slug: product.slug ?? product.id,
      title: product.title,
      description: product.description,
      images: product.images ?? (product.image ? [product.image] : []),
      priceMinor: product.price_minor,
      currency: product.currency,
      active: product.active ?? true,
      categoryIds: product.category_ids ?? [],
      inStock: sql`coalesce((SELECT s.in_stock FROM ${stock} s WHERE s.product_id = ${product.id}), true)`,
      createdAt: product.created_at ?? at,
      updatedAt: at,
    },
    deletedProducts,
  )
  ctx.afterCommit(() => ctx.cache.invalidate(STORE_CATALOG_SCOPE))
}

/** Forgets a deleted product for good. */
export async function removeProduct(ctx: Ctx, id: string, at: string) {
  await ctx.db.insert(deletedProducts).values({ id, deletedAt: at }).onConflictDoNothing()
  await ctx.db.delete(products).where(eq(products.id, id))
  ctx.afterCommit(() => ctx.cache.invalidate(STORE_CATALOG_SCOPE))
}

export async function upsertCategory(ctx: Ctx, category: CategoryData, at: string) {
  await applyIfNewer(
    ctx.db,
    categories,
    { id: category.id, slug: category.slug, name: category.name, updatedAt: at },
    deletedCategories,
  )
  ctx.afterCommit(() => ctx.cache.invalidate(STORE_CATALOG_SCOPE))
}

export async function removeCategory(ctx: Ctx, id: string, at: string) {
  await ctx.db.insert(deletedCategories).values({ id, deletedAt: at }).onConflictDoNothing()
  await ctx.db.delete(categories).where(eq(categories.id, id))
  ctx.afterCommit(() => ctx.cache.invalidate(STORE_CATALOG_SCOPE))
}

/** Whether a product can be bought now, as checkout (which holds the stock) announced it at `at`. */
export async function recordStock(ctx: Ctx, productId: string, inStock: boolean, at: string) {
  const [kept] = await ctx.db
    .insert(stock)
    .values({ productId, inStock, updatedAt: at })
    .onConflictDoUpdate({
      target: stock.productId,
      set: { inStock, updatedAt: at },
      setWhere: newerThanStored(stock.updatedAt),
    })
    .returning({ productId: stock.productId })
  if (!kept) return // older news than what is known
  await ctx.db.update(products).set({ inStock }).where(eq(products.id, productId))
  ctx.afterCommit(() => ctx.cache.invalidate(STORE_CATALOG_SCOPE))
}
