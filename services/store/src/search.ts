import type { STORE_SORTS, StoreProduct, StoreProductPage, StoreProductsQuery } from '@ambassador/contracts/http'
import { inTransaction } from '@ambassador/kit/db/database'
import { executePrepared } from '@ambassador/kit/db/prepared'
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
 * One page of the active catalog for shoppers: full-text search ranked title before description, filters by
 * category, price range and stock, four sorts, and the facets a filter panel shows — each facet counted under every
 * filter but its own. Words found nowhere are taken as misspelt: the search runs again on trigram word similarity
 * of titles ("techer" finds "Teacher Mug"). One statement per search: the products the words (and stock filter)
 * match are found once, on the GIN indexes, and the page, the total and both facets are computed from them.
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
  const filters: Filters = {
    category: category ? sql`m.category_ids @> ARRAY[${category}::uuid]` : sql`true`,
    price: sql`${minMinor === undefined ? sql`true` : sql`m.price_minor >= ${minMinor}`} AND ${
      maxMinor === undefined ? sql`true` : sql`m.price_minor <= ${maxMinor}`
    }`,
  }
  const stock = query.in_stock ? sql`${products.inStock}` : sql`true`
  const sort: Shape['sort'] = query.sort ?? (q ? 'relevance' : 'newest')
  const shape: Shape = { page, perPage, sort, filters }

  const typed = q === undefined ? undefined : wordsQuery(q)
  if (!q || !typed) {
    return answer(await executePrepared<Answer>(ctx.db, searchStatement(sql`true`, sql`0`, stock, shape)), shape)
  }
  const words = sql`to_tsquery('simple', ${typed})`
  // Ranking costs a computation per match: only a search sorted by relevance pays it.
  const rank = sort === 'relevance' ? sql`ts_rank(${products.search}, ${words})` : sql`0`
  const found = await executePrepared<Answer>(
    ctx.db,
    searchStatement(sql`${products.search} @@ ${words}`, rank, stock, shape),
  )
  if (Number(found.rows[0]?.matched ?? 0) > 0) return answer(found, shape)
  // Nothing has these words: look for titles with words like them, in a transaction whose first statement lowers
  // how alike a word must be (pg_trgm's 0.6 misses "techer" for "teacher") for this search only.
  const fuzzy = await inTransaction(ctx.db, async (tx) => {
    await tx.execute(sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${TYPO_SIMILARITY}, true)`)
    return tx.execute<Answer>(
      searchStatement(
        sql`${products.title} %> ${q}`,
        sort === 'relevance' ? sql`word_similarity(${q}, ${products.title})` : sql`0`,
        stock,
        shape,
      ),
    )
  })
  return answer(fuzzy, shape)
}

/**
 * The shopper's words as a tsquery: every word must match, the last as a prefix too — what a shopper is still
 * typing ("linen note" finds "Linen Notebook", "bottle 12" finds "Bottle 120"). Only letters and digits reach
 * it, so nothing a shopper types can be tsquery syntax. Undefined when nothing searchable was typed.
 */
export function wordsQuery(q: string): string | undefined {
  const words = q
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu)
    ?.slice(0, 12)
  if (!words || words.length === 0) return undefined
  return words.map((word, i) => (i === words.length - 1 ? `${word}:*` : word)).join(' & ')
}

type Filters = { category: SQL; price: SQL }
type Shape = { page: number; perPage: number; sort: (typeof STORE_SORTS)[number]; filters: Filters }
type Answer = {
  matched: string | number
  total: string | number
  rows: Row[] | null
  categories: { slug: string; name: string; count: number }[] | null
  min_price: string | number | null
  max_price: string | number | null
}

/**
 * The products `match` finds (active, in stock if asked), ranked by `rank`, materialized once; from them the page
 * (every filter), its total, the category facet (every filter but the category) and the price range (every filter
 * but the price). Only the page's rows are read whole.
 */
function searchStatement(match: SQL, rank: SQL, stock: SQL, { page, perPage, sort, filters }: Shape): SQL {
  const order = {
    relevance: sql`m.rank DESC, m.created_at DESC`,
    newest: sql`m.created_at DESC`,
    price_asc: sql`m.price_minor ASC`,
    price_desc: sql`m.price_minor DESC`,
  }[sort]
  const both = sql`(${filters.category}) AND (${filters.price})`
  return sql`
    WITH m AS MATERIALIZED (
      SELECT ${products.id} AS id, ${products.priceMinor} AS price_minor, ${products.categoryIds} AS category_ids,
        ${products.createdAt} AS created_at, ${rank} AS rank
      FROM ${products} WHERE ${products.active} AND (${match}) AND (${stock})
    ),
    hits AS (SELECT * FROM m WHERE ${both}),
    -- One pass over the matches for the counts and the price range.
    counted AS (
      SELECT count(*) AS matched, count(*) FILTER (WHERE ${both}) AS total,
        min(m.price_minor) FILTER (WHERE ${filters.category}) AS min_price,
        max(m.price_minor) FILTER (WHERE ${filters.category}) AS max_price
      FROM m
    )
    SELECT counted.*,
      (SELECT json_agg(r) FROM (
        SELECT p.id, p.slug, p.title, p.description, p.images, p.price_minor, p.currency, p.in_stock,
          coalesce((SELECT json_agg(json_build_object('slug', c.slug, 'name', c.name) ORDER BY c.name)
            FROM ${categories} c WHERE c.id = ANY(p.category_ids)), '[]') AS categories
        FROM (SELECT m.id, row_number() OVER (ORDER BY ${order}, m.id) AS ord FROM hits m
          ORDER BY ${order}, m.id LIMIT ${perPage} OFFSET ${pageOffset(page, perPage)}) h
        JOIN ${products} p ON p.id = h.id
        ORDER BY h.ord
      ) r) AS rows,
      -- Counted per category id first, then named: a handful of rows to join, not one per match.
      (SELECT json_agg(f ORDER BY f.count DESC, f.name) FROM (
        SELECT c.slug, c.name, per.count
        FROM (SELECT mc.id, count(*)::int AS count FROM m CROSS JOIN LATERAL unnest(m.category_ids) AS mc(id)
          WHERE ${filters.price} GROUP BY mc.id) per
        JOIN ${categories} c ON c.id = per.id
      ) f) AS categories
    FROM counted`
}

function answer(result: { rows: Answer[] }, { page, perPage }: Shape): StoreProductPage {
  const row = result.rows[0]
  return {
    ...pageOf((row?.rows ?? []).map(view), Number(row?.total ?? 0), page, perPage),
    facets: {
      categories: row?.categories ?? [],
      price: {
        min: row?.min_price == null ? null : toMajor(Number(row.min_price)),
        max: row?.max_price == null ? null : toMajor(Number(row.max_price)),
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
