import type { LinkData } from '@ambassador/contracts/events'
import type { Product } from '@ambassador/contracts/http'
import { inTransaction } from '@ambassador/kit/db/database'
import { badRequest, conflict } from '@ambassador/kit/errors/errors'
import { isUuid, newId, newShortCode } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { asc, desc, eq, inArray } from 'drizzle-orm'
import { findCatalogProducts, productView } from './catalog.ts'
import { catalog, linkProducts, links } from './schema.ts'
import { statsScope } from './stats.ts'

/** How many fresh codes to try before giving up; with 57^8 codes a second try is already rare. */
const CODE_ATTEMPTS = 5

export type LinkView = { id: string; code: string; user_id: string; products: Product[]; created_at: string }

/**
 * Creates a referral link bundling the products an ambassador picked (in their order, duplicates collapsed)
 * and announces link.created in the same transaction. A product not in the catalog is a 400.
 */
export async function createLink(
  ctx: ServiceContext,
  input: { ambassadorId: string; productIds: string[] },
  newCode: () => string = newShortCode,
): Promise<LinkView> {
  const productIds = [...new Set(input.productIds)]
  if (productIds.length === 0) throw badRequest('A link needs at least one product')
  const unknownShape = productIds.find((id) => !isUuid(id))
  if (unknownShape !== undefined) throw badRequest(`Unknown product: ${unknownShape}`)
  const known = await findCatalogProducts(ctx.db, productIds)
  const products = productIds.map((id) => {
    const row = known.get(id)
    if (!row) throw badRequest(`Unknown product: ${id}`)
    return productView(row)
  })

  const createdAt = ctx.clock.now().toISOString()
  const link = await inTransaction(ctx.db, async (tx) => {
    const id = newId()
    let code: string | undefined
    for (let attempt = 0; attempt < CODE_ATTEMPTS && code === undefined; attempt++) {
      // DO NOTHING keeps the transaction usable when a code is taken, so we can simply draw another one.
      const [inserted] = await tx
        .insert(links)
        .values({ id, code: newCode(), userId: input.ambassadorId, createdAt })
        .onConflictDoNothing({ target: links.code })
        .returning({ code: links.code })
      code = inserted?.code
    }
    if (code === undefined) throw conflict('Could not find a free link code; please try again')
    await tx.insert(linkProducts).values(productIds.map((productId, position) => ({ linkId: id, productId, position })))
    const data: LinkData = { id, code, user_id: input.ambassadorId, product_ids: productIds, created_at: createdAt }
    await ctx.outbox.add(tx, { type: 'link.created', key: id, data })
    return { id, code, user_id: input.ambassadorId, products, created_at: createdAt }
  })
  await ctx.cache.invalidate(statsScope(input.ambassadorId))
  return link
}

/** An ambassador's links, newest first, each with the products still in the catalog, in the chosen order. */
export async function listLinks(ctx: ServiceContext, ambassadorId: string): Promise<LinkView[]> {
  const rows = await ctx.db
    .select()
    .from(links)
    .where(eq(links.userId, ambassadorId))
    .orderBy(desc(links.createdAt), desc(links.id))
  if (rows.length === 0) return []
  const items = await ctx.db
    .select({ linkId: linkProducts.linkId, product: catalog })
    .from(linkProducts)
    .innerJoin(catalog, eq(catalog.id, linkProducts.productId))
    .where(
      inArray(
        linkProducts.linkId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(linkProducts.linkId), asc(linkProducts.position))
  const productsByLink = new Map<string, Product[]>()
  for (const item of items) {
    const list = productsByLink.get(item.linkId) ?? []
    list.push(productView(item.product))
    productsByLink.set(item.linkId, list)
  }
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    user_id: row.userId,
    products: productsByLink.get(row.id) ?? [],
    created_at: new Date(row.createdAt).toISOString(),
  }))
}
