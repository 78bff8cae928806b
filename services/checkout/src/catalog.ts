import type { LinkData, ProductData, UserData } from '@ambassador/contracts/events'
import type { Database } from '@ambassador/kit/db/database'
import { newerThanStored } from '@ambassador/kit/db/newer'
import { notFound } from '@ambassador/kit/errors/errors'
import { toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { asc, eq } from 'drizzle-orm'
import { ambassadors, deletedProducts, linkProducts, links, products } from './schema.ts'

export type CatalogProduct = typeof products.$inferSelect
export type CheckoutLinkRow = typeof links.$inferSelect

/**
 * Records a product as the catalog announced it (created or updated) at `at`; replaying it changes nothing, an
 * event older than the one applied is ignored, and so is any event about a product the catalog deleted.
 */
export async function upsertProduct(ctx: ServiceContext, product: ProductData, at: string) {
  const [deleted] = await ctx.db.select().from(deletedProducts).where(eq(deletedProducts.id, product.id))
  if (deleted) return
  const values = {
    title: product.title,
    description: product.description,
    image: product.image,
    priceMinor: product.price_minor,
    currency: product.currency,
    updatedAt: at,
  }
  await ctx.db
    .insert(products)
    .values({ id: product.id, ...values })
    .onConflictDoUpdate({
      target: products.id,
      set: values,
      setWhere: newerThanStored(products.updatedAt),
    })
}

/** Forgets a product the catalog removed, for good: links stop offering it, placed orders keep their copy. */
export async function removeProduct(ctx: ServiceContext, productId: string, at: string) {
  await ctx.db.insert(deletedProducts).values({ id: productId, deletedAt: at }).onConflictDoNothing()
  await ctx.db.delete(products).where(eq(products.id, productId))
}

/** Records a new referral link and the products it offers, in the ambassador's order. */
export async function recordLink(ctx: ServiceContext, link: LinkData) {
  await ctx.db
    .insert(links)
    .values({ id: link.id, code: link.code, userId: link.user_id })
    .onConflictDoNothing({ target: links.id })
  if (link.product_ids.length === 0) return
  await ctx.db
    .insert(linkProducts)
    .values(link.product_ids.map((productId, position) => ({ linkId: link.id, productId, position })))
    .onConflictDoNothing()
}

/** Keeps an ambassador's name for the checkout page; admins and emails are never stored here. */
export async function upsertAmbassador(ctx: ServiceContext, user: UserData, at: string) {
  if (user.role !== 'ambassador') return
  const names = { firstName: user.first_name, lastName: user.last_name, updatedAt: at }
  await ctx.db
    .insert(ambassadors)
    .values({ id: user.id, ...names })
    .onConflictDoUpdate({ target: ambassadors.id, set: names, setWhere: newerThanStored(ambassadors.updatedAt) })
}

/** The link behind a code, or undefined when no such link exists. */
export async function findLinkByCode(db: Database, code: string): Promise<CheckoutLinkRow | undefined> {
  const [link] = await db.select().from(links).where(eq(links.code, code))
  return link
}

/** The products a link offers that are still in the catalog, in link order. */
export async function listLinkProducts(db: Database, linkId: string): Promise<CatalogProduct[]> {
  const rows = await db
    .select({ product: products })
    .from(linkProducts)
    .innerJoin(products, eq(products.id, linkProducts.productId))
    .where(eq(linkProducts.linkId, linkId))
    .orderBy(asc(linkProducts.position))
  return rows.map((r) => r.product)
}

/** What a customer opening a link sees: the ambassador's name (never their email) and the products on offer. */
export async function showCheckoutLink(ctx: ServiceContext, code: string) {
  const link = await findLinkByCode(ctx.db, code)
  if (!link) throw notFound('Link not found')
  const [ambassador] = await ctx.db.select().from(ambassadors).where(eq(ambassadors.id, link.userId))
  const offered = await listLinkProducts(ctx.db, link.id)
  return {
    id: link.id,
    code: link.code,
    // The users stream and the links stream are not ordered with each other: a name may not have arrived yet.
    user: { id: link.userId, first_name: ambassador?.firstName ?? '', last_name: ambassador?.lastName ?? '' },
    products: offered.map(publicProduct),
  }
}

/** A catalog product in the HTTP contract's shape (price in major units). */
export function publicProduct(product: CatalogProduct) {
  return {
    id: product.id,
    title: product.title,
    description: product.description,
    image: product.image,
    price: toMajor(product.priceMinor),
  }
}
