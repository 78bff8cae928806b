import type { ProductData } from '@ambassador/contracts/events'
import type { Product, ProductBody, ProductPatchBody } from '@ambassador/contracts/http'
import { inTransaction } from '@ambassador/kit/db/database'
import { badRequest, notFound } from '@ambassador/kit/errors/errors'
import { type Page, pageOf, pageOffset } from '@ambassador/kit/http/pages'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import { parsePriceToMinor, toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { count, desc, eq } from 'drizzle-orm'
import { products } from './schema.ts'

type ProductRow = typeof products.$inferSelect

/** A product as the HTTP contract shows it: price in major units. */
export function productView(row: ProductRow): Product {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    image: row.image,
    price: toMajor(row.priceMinor),
  }
}

function productData(row: ProductRow): ProductData {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    image: row.image,
    price_minor: row.priceMinor,
    currency: row.currency,
  }
}

/** The whole catalog, newest first. */
export async function listProducts(ctx: ServiceContext): Promise<Product[]> {
  const rows = await ctx.db.select().from(products).orderBy(desc(products.createdAt), desc(products.id))
  return rows.map(productView)
}

/** One page of the catalog, in the same order as the whole list. */
export async function pageOfProducts(ctx: ServiceContext, page: number, perPage: number): Promise<Page<Product>> {
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select()
      .from(products)
      .orderBy(desc(products.createdAt), desc(products.id))
      .limit(perPage)
      .offset(pageOffset(page, perPage)),
    ctx.db.select({ total: count() }).from(products),
  ])
  return pageOf(rows.map(productView), counted?.total ?? 0, page, perPage)
}

/** One product; unknown or malformed ids are "not found". */
export async function findProduct(ctx: ServiceContext, id: string): Promise<Product> {
  if (!isUuid(id)) throw productNotFound()
  const [row] = await ctx.db.select().from(products).where(eq(products.id, id))
  if (!row) throw productNotFound()
  return productView(row)
}

/** Adds a product to the catalog in the store's currency; announces product.created. */
export async function createProduct(ctx: ServiceContext, input: ProductBody): Promise<Product> {
  const now = ctx.clock.now().toISOString()
  const values = {
    id: newId(),
    title: requireTitle(input.title),
    description: input.description.trim(),
    image: input.image.trim(),
    priceMinor: parsePriceToMinor(input.price),
    currency: ctx.config.currency,
    createdAt: now,
    updatedAt: now,
  }
  return inTransaction(ctx.db, async (tx) => {
    const [row] = await tx.insert(products).values(values).returning()
    if (!row) throw new Error('inserting a product returned no row')
    await ctx.outbox.add(tx, { type: 'product.created', key: row.id, data: productData(row) })
    return productView(row)
  })
}

/** Changes the fields given and keeps the rest; announces product.updated when something was sent. */
export async function updateProduct(ctx: ServiceContext, id: string, input: ProductPatchBody): Promise<Product> {
  const changes = {
    ...(input.title === undefined ? {} : { title: requireTitle(input.title) }),
    ...(input.description === undefined ? {} : { description: input.description.trim() }),
    ...(input.image === undefined ? {} : { image: input.image.trim() }),
    ...(input.price === undefined ? {} : { priceMinor: parsePriceToMinor(input.price) }),
  }
  if (Object.keys(changes).length === 0) return findProduct(ctx, id)
  if (!isUuid(id)) throw productNotFound()
  return inTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .update(products)
      .set({ ...changes, updatedAt: ctx.clock.now().toISOString() })
      .where(eq(products.id, id))
      .returning()
    if (!row) throw productNotFound()
    await ctx.outbox.add(tx, { type: 'product.updated', key: row.id, data: productData(row) })
    return productView(row)
  })
}

/** Removes a product from the catalog for good; announces product.deleted. */
export async function deleteProduct(ctx: ServiceContext, id: string): Promise<void> {
  if (!isUuid(id)) throw productNotFound()
  await inTransaction(ctx.db, async (tx) => {
    const [row] = await tx.delete(products).where(eq(products.id, id)).returning({ id: products.id })
    if (!row) throw productNotFound()
    await ctx.outbox.add(tx, { type: 'product.deleted', key: row.id, data: { id: row.id } })
  })
}

function productNotFound() {
  return notFound('Product not found')
}

function requireTitle(value: string): string {
  const title = value.trim()
  if (title.length === 0) throw badRequest('title must not be blank')
  return title
}
