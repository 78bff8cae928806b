import type { StoreProductPage } from '@ambassador/contracts/http'
import { type FormEvent, useEffect, useState } from 'react'
import { Link } from 'wouter'
import {
  type CatalogFilters,
  type CatalogSort,
  catalogHref,
  changeFilters,
  isFiltered,
  NO_FILTERS,
  parsePrice,
  shownSort,
} from './catalog-query.ts'

type Facets = StoreProductPage['facets']

const SORT_LABELS: Record<CatalogSort, string> = {
  relevance: 'Best match',
  newest: 'Newest',
  price_asc: 'Lowest price',
  price_desc: 'Highest price',
}

/** The search box: the words are looked for when the shopper sends them (Enter or Search). */
export function SearchForm(props: { q: string; onSearch(q: string): void }) {
  const [text, setText] = useState(props.q)
  useEffect(() => setText(props.q), [props.q]) // back and forward bring other words
  function search(event: FormEvent) {
    event.preventDefault()
    props.onSearch(text.trim())
  }
  return (
    <search className="shop-search">
      <form onSubmit={search}>
        <label htmlFor="shop-q">Search products</label>
        <div className="shop-search-row">
          <input
            id="shop-q"
            type="search"
            value={text}
            maxLength={200}
            enterKeyHint="search"
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button">
            Search
          </button>
        </div>
      </form>
    </search>
  )
}

/** Category, price range, stock and sort: each change is a new address, so Back undoes it. */
export function CatalogFilterPanel(props: {
  filters: CatalogFilters
  facets?: Facets
  onChange(next: CatalogFilters): void
}) {
  const { filters, facets } = props
  const change = (part: Partial<CatalogFilters>) => props.onChange(changeFilters(filters, part))
  const categories = facets?.categories ?? []
  const unlisted = filters.category && !categories.some((c) => c.slug === filters.category)
  return (
    <section className="filters card" aria-labelledby="filters-title">
      <h2 id="filters-title" className="filters-title">
        Filters
      </h2>
      <div className="field filter-category">
        <label htmlFor="filter-category">Category</label>
        <select id="filter-category" value={filters.category} onChange={(e) => change({ category: e.target.value })}>
          <option value="">All categories</option>
          {unlisted && <option value={filters.category}>{filters.category}</option>}
          {categories.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name} ({c.count})
            </option>
          ))}
        </select>
      </div>
      <div className="field filter-sort">
        <label htmlFor="filter-sort">Sort by</label>
        <select
          id="filter-sort"
          value={shownSort(filters)}
          onChange={(e) => change({ sort: e.target.value as CatalogSort })}
        >
          {(Object.keys(SORT_LABELS) as CatalogSort[])
            .filter((sort) => sort !== 'relevance' || filters.q)
            .map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
        </select>
      </div>
      <PriceRange filters={filters} facets={facets} onApply={(minPrice, maxPrice) => change({ minPrice, maxPrice })} />
      <label className="check filter-stock">
        <input type="checkbox" checked={filters.inStock} onChange={(e) => change({ inStock: e.target.checked })} />
        In stock only
      </label>
      {isFiltered(filters) && (
        <Link href={catalogHref({ ...NO_FILTERS, sort: filters.sort === 'relevance' ? undefined : filters.sort })}>
          Clear filters
        </Link>
      )}
    </section>
  )
}

function PriceRange(props: {
  filters: CatalogFilters
  facets?: Facets
  onApply(min: number | undefined, max: number | undefined): void
}) {
  const { minPrice, maxPrice } = props.filters
  const [min, setMin] = useState(minPrice?.toString() ?? '')
  const [max, setMax] = useState(maxPrice?.toString() ?? '')
  const [error, setError] = useState<string>()
  useEffect(() => {
    setMin(minPrice?.toString() ?? '')
    setMax(maxPrice?.toString() ?? '')
  }, [minPrice, maxPrice])

  function apply(event: FormEvent) {
    event.preventDefault()
    const [low, high] = [parsePrice(min), parsePrice(max)]
    if ((min.trim() && low === undefined) || (max.trim() && high === undefined)) {
      setError('Enter prices as numbers, like 12 or 12.50.')
      return
    }
    setError(undefined)
    props.onApply(low, high)
  }

  const range = props.facets?.price
  return (
    <form className="price-range" onSubmit={apply} noValidate>
      <fieldset aria-describedby={error ? 'price-error' : undefined}>
        <legend>Price</legend>
        <div className="price-inputs">
          <div className="field">
            <label htmlFor="filter-min-price">Min price</label>
            <input
              id="filter-min-price"
              inputMode="decimal"
              value={min}
              placeholder={range?.min != null ? String(Math.floor(range.min)) : undefined}
              aria-invalid={error ? 'true' : undefined}
              onChange={(e) => setMin(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="filter-max-price">Max price</label>
            <input
              id="filter-max-price"
              inputMode="decimal"
              value={max}
              placeholder={range?.max != null ? String(Math.ceil(range.max)) : undefined}
              aria-invalid={error ? 'true' : undefined}
              onChange={(e) => setMax(e.target.value)}
            />
          </div>
          <button type="submit" className="button secondary">
            Apply<span className="visually-hidden"> price range</span>
          </button>
        </div>
        {error && (
          <p id="price-error" className="field-error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
    </form>
  )
}
