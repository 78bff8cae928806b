import type { ProductData } from '@ambassador/contracts/events'
import type { Product, ProductBody, ProductPatchBody } from '@ambassador/contracts/http'
import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { postgresCode } from '@ambassador/kit/db/errors'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { type Page, pageOf, pageOffset } from '@ambassador/kit/http/pages'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import { parsePriceToMinor, toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { count, desc, eq, inArray } from 'drizzle-orm'
import { categories, products } from './schema.ts'

type ProductRow = typeof products.$inferSelect

/** A product as the HTTP contract shows it: price in major units. */
export function productView(row: ProductRow): Product {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    image: row.image,
    price: toMajor(row.priceMinor),
    slug: row.slug,
    category_ids: row.categoryIds,
    images: row.images,
    active: row.active,
  }
}

/** A product as its events carry it. */
export function productData(row: ProductRow): ProductData {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    image: row.image,
    price_minor: row.priceMinor,
    currency: row.currency,
    slug: row.slug,
    category_ids: row.categoryIds,
    images: row.images,
    active: row.active,
    created_at: row.createdAt,
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
  const id = newId()
  const title = requireTitle(input.title)
  const images = imagesOf(input.images, input.image)
  return inTransaction(ctx.db, async (tx) => {
    const values = {
      id,
      title,
      description: input.description.trim(),
      image: images[0] ?? '',
      images,
      priceMinor: parsePriceToMinor(input.price),
      currency: ctx.config.currency,
      slug: input.slug ?? (await freeSlug(tx, title, id)),
      categoryIds: await knownCategories(tx, input.category_ids ?? []),
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    }
    const [row] = await tx.insert(products).values(values).onConflictDoNothing({ target: products.slug }).returning()
    if (!row) throw slugTaken(values.slug)
    await ctx.outbox.add(tx, { type: 'product.created', key: row.id, data: productData(row) })
    return productView(row)
  })
}

/** Changes the fields given and keeps the rest; announces product.updated when something was sent. */
export async function updateProduct(ctx: ServiceContext, id: string, input: ProductPatchBody): Promise<Product> {
  if (Object.values(input).every((value) => value === undefined)) return findProduct(ctx, id)
  if (!isUuid(id)) throw productNotFound()
  return inTransaction(ctx.db, async (tx) => {
    const [current] = await tx.select().from(products).where(eq(products.id, id)).for('update')
    if (!current) throw productNotFound()
    // `images` wins over `image`; `image` alone replaces the first picture and keeps the others.
    const images =
      input.images !== undefined
        ? imagesOf(input.images, undefined)
        : input.image !== undefined
          ? imagesOf(undefined, input.image, current.images.slice(1))
          : current.images
    const changes = {
      ...(input.title === undefined ? {} : { title: requireTitle(input.title) }),
      ...(input.description === undefined ? {} : { description: input.description.trim() }),
      ...(input.price === undefined ? {} : { priceMinor: parsePriceToMinor(input.price) }),
      ...(input.slug === undefined ? {} : { slug: input.slug }),
      ...(input.category_ids === undefined ? {} : { categoryIds: await knownCategories(tx, input.category_ids) }),
      ...(input.active === undefined ? {} : { active: input.active }),
      images,
      image: images[0] ?? '',
    }
    if (changes.slug !== undefined && changes.slug !== current.slug) {
      const [taken] = await tx.select({ id: products.id }).from(products).where(eq(products.slug, changes.slug))
      if (taken) throw slugTaken(changes.slug)
    }
    const [row] = await tx
      .update(products)
      .set({ ...changes, updatedAt: ctx.clock.now().toISOString() })
      .where(eq(products.id, id))
      .returning()
      .catch((error: unknown) => {
        // Another product took the slug between the check and the write.
        throw postgresCode(error) === '23505' && changes.slug ? slugTaken(changes.slug) : error
      })
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

/** The pictures of a product: `images` as given, else the one `image` (the reference field) before `rest`. */
function imagesOf(images: string[] | undefined, image: string | undefined, rest: string[] = []): string[] {
  const urls = (images ?? [image ?? '', ...rest]).map((url) => url.trim()).filter(Boolean)
  return [...new Set(urls)]
}

/** A slug from the title that no product has: its words, then its words and the random tail of its id. */
async function freeSlug(db: Database, title: string, id: string): Promise<string> {
  const words = slugify(title) || 'product'
  const [taken] = await db.select({ id: products.id }).from(products).where(eq(products.slug, words))
  return taken ? `${words}-${id.replaceAll('-', '').slice(-8)}` : words
}

/** "Café Crème, 250 g" → "cafe-creme-250-g": lowercase ASCII words joined by hyphens, at most 80 characters. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
}

/** The category ids as given, each checked to exist (400 names the unknown ones), without repeats. */
async function knownCategories(db: Database, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  const malformed = unique.filter((id) => !isUuid(id))
  const found = malformed.length
    ? []
    : await db.select({ id: categories.id }).from(categories).where(inArray(categories.id, unique))
  const known = new Set(found.map((row) => row.id))
  const unknown = unique.filter((id) => !known.has(id))
  if (unknown.length > 0) throw badRequest(`Unknown category: ${unknown.join(', ')}`, 'unknown_category')
  return unique
}

function slugTaken(slug: string) {
  return conflict(`Another product already has the slug "${slug}"`, 'slug_taken')
}

function productNotFound() {
  return notFound('Product not found')
}

function requireTitle(value: string): string {
  const title = value.trim()
  if (title.length === 0) throw badRequest('title must not be blank')
  return title
}
