import type { StoreProduct, StoreProductPage, StoreProductsQuery } from '@ambassador/contracts/http'
import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { badRequest, notFound } from '@ambassador/kit/errors/errors'
import { pageOf, pageOffset } from '@ambassador/kit/http/pages'
import { parsePriceToMinor, toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { type SQL, sql } from 'drizzle-orm'
import { categories, products } from './schema.ts'

const DEFAULT_PER_PAGE = 24
/** How alike (pg_trgm word similarity) a word must be to one in a title to count as a misspelling of it. */
const TYPO_SIMILARITY = '0.45'

type Row = {
  id: string
  slug: string
  title: string
  description: string
  images: string[]
  price_minor: string | number
  currency: string
  in_stock: boolean
  categories: { slug: string; name: string }[]
}

/**
 * One page of the active catalog for shoppers: full-text search (ranked, title before description) that also
 * forgives typos (trigram word similarity on the title), filters by category, price range and stock, four sorts,
 * and the facets a filter panel shows — each facet counted under every filter but its own. All in PostgreSQL, on
 * indexes (`search` GIN, title trigram GIN, category GIN, price).
 */
export async function searchProducts(ctx: ServiceContext, query: StoreProductsQuery): Promise<StoreProductPage> {
  const q = query.q?.trim() || undefined
  const page = query.page ?? 1
  const perPage = query.per_page ?? DEFAULT_PER_PAGE
  const category = query.category === undefined ? undefined : await categoryId(ctx, query.category)
  const minMinor = query.min_price === undefined ? undefined : parsePriceToMinor(query.min_price, 'min_price')
  const maxMinor = query.max_price === undefined ? undefined : parsePriceToMinor(query.max_price, 'max_price')
  if (minMinor !== undefined && maxMinor !== undefined && minMinor > maxMinor) {
    throw badRequest('min_price must not be above max_price')
  }

  const matches = q
    ? sql`(${products.search} @@ websearch_to_tsquery('simple', ${q}) OR ${products.title} %> ${q})`
    : sql`true`
  const filters = {
    active: sql`${products.active}`,
    matches,
    category: category ? sql`${category}::uuid = ANY(${products.categoryIds})` : sql`true`,
    price: sql`${minMinor === undefined ? sql`true` : sql`${products.priceMinor} >= ${minMinor}`} AND ${
      maxMinor === undefined ? sql`true` : sql`${products.priceMinor} <= ${maxMinor}`
    }`,
    stock: query.in_stock ? sql`${products.inStock}` : sql`true`,
  }
  const where = (...skip: (keyof typeof filters)[]) =>
    sql.join(
      Object.entries(filters)
        .filter(([name]) => !skip.includes(name as keyof typeof filters))
        .map(([, condition]) => sql`(${condition})`),
      sql` AND `,
    )

  const sort = query.sort ?? (q ? 'relevance' : 'newest')
  const order: SQL = {
    relevance: q
      ? sql`ts_rank_cd(${products.search}, websearch_to_tsquery('simple', ${q})) + word_similarity(${q}, ${products.title}) DESC, ${products.createdAt} DESC`
      : sql`${products.createdAt} DESC`,
    newest: sql`${products.createdAt} DESC`,
    price_asc: sql`${products.priceMinor} ASC`,
    price_desc: sql`${products.priceMinor} DESC`,
  }[sort]

  // With words to find, one transaction: its first statement lowers how alike a misspelt word must be (pg_trgm's
  // 0.6 misses "techer" for "teacher"), for these queries only. Without, three queries side by side.
  const queries = (db: Database) => ({
    found: () =>
      db.execute<Row & { total: string | number }>(sql`
      SELECT products.id, products.slug, products.title, products.description, products.images, products.price_minor, products.currency, products.in_stock,
        coalesce((SELECT json_agg(json_build_object('slug', c.slug, 'name', c.name) ORDER BY c.name)
          FROM ${categories} c WHERE c.id = ANY(products.category_ids)), '[]') AS categories,
        count(*) OVER () AS total
      FROM ${products}
      WHERE ${where()}
      ORDER BY ${order}, products.id
      LIMIT ${perPage} OFFSET ${pageOffset(page, perPage)}`),
    byCategory: () =>
      db.execute<{ slug: string; name: string; count: string | number }>(sql`
      SELECT c.slug, c.name, count(*) AS count
      FROM ${products} CROSS JOIN LATERAL unnest(products.category_ids) AS pc(id) JOIN ${categories} c ON c.id = pc.id
      WHERE ${where('category')}
      GROUP BY c.slug, c.name ORDER BY count(*) DESC, c.name`),
    priceRange: () =>
      db.execute<{ min: string | number | null; max: string | number | null }>(sql`
      SELECT min(products.price_minor) AS min, max(products.price_minor) AS max FROM ${products} WHERE ${where('price')}`),
  })
  const [found, byCategory, priceRange] = q
    ? await inTransaction(ctx.db, async (tx) => {
        await tx.execute(sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${TYPO_SIMILARITY}, true)`)
        const run = queries(tx)
        return [await run.found(), await run.byCategory(), await run.priceRange()] as const
      })
    : await (async () => {
        const run = queries(ctx.db)
        return Promise.all([run.found(), run.byCategory(), run.priceRange()])
      })()

  const total = Number(found.rows[0]?.total ?? 0)
  // A page past the end still says how many there are: count them when the page itself came back empty.
  const counted = found.rows.length > 0 || page === 1 ? total : await countWhere(ctx, where())
  const range = priceRange.rows[0]
  return {
    ...pageOf(found.rows.map(view), counted, page, perPage),
    facets: {
      categories: byCategory.rows.map((c) => ({ slug: c.slug, name: c.name, count: Number(c.count) })),
      price: {
        min: range?.min == null ? null : toMajor(Number(range.min)),
        max: range?.max == null ? null : toMajor(Number(range.max)),
      },
    },
  }
}

/** One active product by its slug; 404 for an unknown or inactive one. */
export async function findProductBySlug(ctx: ServiceContext, slug: string): Promise<StoreProduct> {
  const result = await ctx.db.execute<Row>(sql`
    SELECT products.id, products.slug, products.title, products.description, products.images, products.price_minor, products.currency, products.in_stock,
      coalesce((SELECT json_agg(json_build_object('slug', c.slug, 'name', c.name) ORDER BY c.name)
        FROM ${categories} c WHERE c.id = ANY(products.category_ids)), '[]') AS categories
    FROM ${products} WHERE products.slug = ${slug} AND products.active
    ORDER BY products.updated_at DESC LIMIT 1`)
  const row = result.rows[0]
  if (!row) throw notFound('Product not found')
  return view(row)
}

/** Every category with how many active products it has, by name. */
export async function listCategories(ctx: ServiceContext) {
  const result = await ctx.db.execute<{ slug: string; name: string; count: string | number }>(sql`
    SELECT c.slug, c.name,
      (SELECT count(*) FROM ${products} WHERE products.active AND c.id = ANY(products.category_ids)) AS count
    FROM ${categories} c ORDER BY c.name, c.slug`)
  return result.rows.map((c) => ({ slug: c.slug, name: c.name, count: Number(c.count) }))
}

async function categoryId(ctx: ServiceContext, slug: string): Promise<string> {
  const result = await ctx.db.execute<{ id: string }>(sql`SELECT id FROM ${categories} WHERE slug = ${slug}`)
  const id = result.rows[0]?.id
  if (!id) throw badRequest(`There is no category "${slug}"`, 'unknown_category')
  return id
}

async function countWhere(ctx: ServiceContext, where: SQL): Promise<number> {
  const result = await ctx.db.execute<{ count: string | number }>(
    sql`SELECT count(*) AS count FROM ${products} WHERE ${where}`,
  )
  return Number(result.rows[0]?.count ?? 0)
}

function view(row: Row): StoreProduct {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    price: toMajor(Number(row.price_minor)),
    currency: row.currency,
    image: row.images[0] ?? '',
    images: row.images,
    categories: row.categories,
    in_stock: row.in_stock,
  }
}
