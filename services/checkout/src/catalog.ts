import type { LinkData, ProductData, UserData } from '@ambassador/contracts/events'
import { applyIfNewer } from '@ambassador/kit/db/newer'
import { notFound } from '@ambassador/kit/errors/errors'
import { toMajor } from '@ambassador/kit/money/money'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { eq, sql } from 'drizzle-orm'
import { emailKeyOf } from './attribution.ts'
import { accounts, ambassadors, deletedProducts, linkProducts, links, products } from './schema.ts'

/** The cache scope of the answers to GET links/:code: invalidated when a product or an ambassador's name changes. */
export const LINKS_SCOPE = 'checkout:links'
export const LINKS_TTL_SECONDS = 300

/**
 * Records a product as the catalog announced it (created or updated) at `at`; replaying it changes nothing, an
 * event older than the one applied is ignored, and so is any event about a product the catalog deleted.
 */
export async function upsertProduct(ctx: ConsumerContext<ServiceContext>, product: ProductData, at: string) {
  const { deleted } = await applyIfNewer(
    ctx.db,
    products,
    {
      id: product.id,
      title: product.title,
      description: product.description,
      image: product.image,
      priceMinor: product.price_minor,
      currency: product.currency,
      slug: product.slug ?? null,
      categoryIds: product.category_ids ?? [],
      active: product.active ?? true,
      updatedAt: at,
    },
    deletedProducts,
  )
  if (!deleted) ctx.afterCommit(() => ctx.cache.invalidate(LINKS_SCOPE))
}

/** Forgets a product the catalog removed, for good: links stop offering it, placed orders keep their copy. */
export async function removeProduct(ctx: ConsumerContext<ServiceContext>, productId: string, at: string) {
  await ctx.db.insert(deletedProducts).values({ id: productId, deletedAt: at }).onConflictDoNothing()
  await ctx.db.delete(products).where(eq(products.id, productId))
  ctx.afterCommit(() => ctx.cache.invalidate(LINKS_SCOPE))
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

/**
 * Keeps an ambassador's name for the checkout page, and a hash of their email to recognise their own orders; admins and
 * emails themselves are never stored here.
 */
export async function upsertAmbassador(ctx: ConsumerContext<ServiceContext>, user: UserData, at: string) {
  if (user.role !== 'ambassador') return
  await applyIfNewer(ctx.db, ambassadors, {
    id: user.id,
    firstName: user.first_name,
    lastName: user.last_name,
    emailKey: emailKeyOf(user.email),
    updatedAt: at,
  })
  ctx.afterCommit(() => ctx.cache.invalidate(LINKS_SCOPE))
}

/** Keeps every user's role and session version, so checkout's admin routes can tell a current session from an ended one. */
export async function upsertAccount(ctx: ConsumerContext<ServiceContext>, user: UserData, at: string) {
  await applyIfNewer(ctx.db, accounts, {
    id: user.id,
    role: user.role,
    sessionVersion: user.session_version ?? 0,
    updatedAt: at,
  })
  ctx.afterCommit(async () => ctx.sessions.forget(user.id))
}

type LinkWithProducts = {
  id: string
  code: string
  user_id: string
  first_name: string | null
  last_name: string | null
  products: { id: string; title: string; description: string; image: string; price_minor: number }[]
}

/**
 * What a customer opening a link sees: the ambassador's name (never their email) and the products on offer that
 * are still in the catalog and active, in link order — one query. Cached by the route until a product or a name changes.
 */
export async function showCheckoutLink(ctx: ServiceContext, code: string) {
  const result = await ctx.db.execute<LinkWithProducts>(sql`
    SELECT l.id, l.code, l.user_id, a.first_name, a.last_name,
      coalesce((
        SELECT json_agg(json_build_object('id', p.id, 'title', p.title, 'description', p.description,
          'image', p.image, 'price_minor', p.price_minor) ORDER BY lp.position)
        FROM ${linkProducts} lp JOIN ${products} p ON p.id = lp.product_id
        WHERE lp.link_id = l.id AND p.active
      ), '[]') AS products
    FROM ${links} l LEFT JOIN ${ambassadors} a ON a.id = l.user_id
    WHERE l.code = ${code}`)
  const link = result.rows[0]
  if (!link) throw notFound('Link not found')
  return {
    id: link.id,
    code: link.code,
    // The users stream and the links stream are not ordered with each other: a name may not have arrived yet.
    user: { id: link.user_id, first_name: link.first_name ?? '', last_name: link.last_name ?? '' },
    products: link.products.map(({ price_minor, ...product }) => ({ ...product, price: toMajor(price_minor) })),
  }
}
