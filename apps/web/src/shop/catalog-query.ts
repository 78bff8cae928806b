/** What the shop's catalog page shows, read from and written to its address, so every view can be linked. */

import type { STORE_SORTS } from '@ambassador/contracts/http'

export type CatalogSort = (typeof STORE_SORTS)[number]

export type CatalogFilters = {
  q: string
  category: string
  minPrice?: number
  maxPrice?: number
  inStock: boolean
  /** Unset: the API's default (relevance when searching, newest otherwise). */
  sort?: CatalogSort
  page: number
}

export const PER_PAGE = 24
export const NO_FILTERS: CatalogFilters = { q: '', category: '', inStock: false, page: 1 }

const SORTS: readonly CatalogSort[] = ['relevance', 'newest', 'price_asc', 'price_desc']
const MAX_PRICE = 1_000_000
const MAX_PAGE = 100_000

/** The filters of a `/shop` address's query string; anything malformed is left out rather than refused. */
export function readCatalogFilters(search: string): CatalogFilters {
  const params = new URLSearchParams(search)
  const q = (params.get('q') ?? '').trim().slice(0, 200)
  const sort = SORTS.find((s) => s === params.get('sort'))
  const page = Number(params.get('page'))
  return {
    q,
    category: (params.get('category') ?? '').slice(0, 100),
    minPrice: parsePrice(params.get('min_price') ?? ''),
    maxPrice: parsePrice(params.get('max_price') ?? ''),
    inStock: params.get('in_stock') === 'true',
    // "Best match" means nothing without words to match.
    sort: sort === 'relevance' && !q ? undefined : sort,
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  }
}

/** A price typed by the shopper (major units, "12", "12.5", "12,50"), or nothing when it is not one. */
export function parsePrice(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.')
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return undefined
  const price = Number(trimmed)
  return price <= MAX_PRICE ? price : undefined
}

/** The query string of these filters, without the defaults, in a stable order (no leading `?`). */
export function catalogQueryString(filters: CatalogFilters): string {
  const params = new URLSearchParams()
  if (filters.q) params.set('q', filters.q)
  if (filters.category) params.set('category', filters.category)
  if (filters.minPrice !== undefined) params.set('min_price', String(filters.minPrice))
  if (filters.maxPrice !== undefined) params.set('max_price', String(filters.maxPrice))
  if (filters.inStock) params.set('in_stock', 'true')
  if (filters.sort) params.set('sort', filters.sort)
  if (filters.page > 1) params.set('page', String(filters.page))
  return params.toString()
}

/** The catalog page's address for these filters. */
export function catalogHref(filters: CatalogFilters): string {
  const query = catalogQueryString(filters)
  return query ? `/shop?${query}` : '/shop'
}

/** The store API's search for these filters. */
export function productsApiPath(filters: CatalogFilters): string {
  const query = catalogQueryString(filters)
  return `/api/store/products?${query ? `${query}&` : ''}per_page=${PER_PAGE}`
}

/**
 * The filters after the shopper changed some: back to the first page (the old page number means nothing in
 * another list), "best match" dropped with the words, and a price range typed backwards put the right way round.
 */
export function changeFilters(filters: CatalogFilters, change: Partial<Omit<CatalogFilters, 'page'>>): CatalogFilters {
  const next = { ...filters, ...change, page: 1 }
  if (next.sort === 'relevance' && !next.q) next.sort = undefined
  if (next.minPrice !== undefined && next.maxPrice !== undefined && next.minPrice > next.maxPrice) {
    ;[next.minPrice, next.maxPrice] = [next.maxPrice, next.minPrice]
  }
  return next
}

/** The sort the list is in: what the shopper chose, else the API's default. */
export function shownSort(filters: CatalogFilters): CatalogSort {
  return filters.sort ?? (filters.q ? 'relevance' : 'newest')
}

/** Whether anything narrows the list, so "Clear filters" is worth offering. */
export function isFiltered(filters: CatalogFilters): boolean {
  return Boolean(
    filters.q ||
      filters.category ||
      filters.minPrice !== undefined ||
      filters.maxPrice !== undefined ||
      filters.inStock,
  )
}
