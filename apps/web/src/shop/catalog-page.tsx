import type { StoreProductPage } from '@ambassador/contracts/http'
import { useRef } from 'react'
import { Link, useLocation, useSearch } from 'wouter'
import { Pager } from '../pager.tsx'
import { useApi } from '../use-api.ts'
import { CatalogFilterPanel, SearchForm } from './catalog-filters.tsx'
import {
  type CatalogFilters,
  catalogHref,
  changeFilters,
  isFiltered,
  NO_FILTERS,
  productsApiPath,
  readCatalogFilters,
} from './catalog-query.ts'
import { ProductCard } from './product-card.tsx'
import { LoadFailed, ShopFrame } from './shop-frame.tsx'

/** The shop's catalog: search, filter, sort and page through the products; everything lives in the address. */
export default function CatalogPage() {
  const filters = readCatalogFilters(useSearch())
  const [, navigate] = useLocation()
  const { loaded, reload } = useApi<StoreProductPage>(productsApiPath(filters))
  const heading = useRef<HTMLHeadingElement>(null)
  const result = loaded.state === 'ready' ? loaded.data : undefined

  const show = (next: CatalogFilters) => navigate(catalogHref(next))
  function showPage(page: number) {
    show({ ...filters, page })
    heading.current?.focus() // a screen reader and the scroll position both start again at the top of the list
  }

  const category = result?.facets.categories.find((c) => c.slug === filters.category)?.name ?? filters.category
  const title = filters.q ? `Results for “${filters.q}”` : category || 'All products'

  return (
    <ShopFrame>
      <main className="page catalog">
        <h1 ref={heading} tabIndex={-1} className="catalog-title">
          {title}
        </h1>
        <SearchForm q={filters.q} onSearch={(q) => show(changeFilters(filters, { q }))} />
        <div className="catalog-layout">
          <CatalogFilterPanel filters={filters} facets={result?.facets} onChange={show} />
          <section className="results" aria-labelledby="results-title" aria-busy={loaded.state === 'loading'}>
            <h2 id="results-title" className="visually-hidden">
              Products
            </h2>
            <p className="muted results-count" role="status">
              {result && `${result.total} ${result.total === 1 ? 'product' : 'products'}`}
            </p>
            {loaded.state === 'loading' && <ResultsSkeleton />}
            {loaded.state === 'failed' && <LoadFailed message={loaded.error.message} retry={reload} />}
            {result && result.data.length === 0 && <NoResults filters={filters} total={result.total} />}
            {result && result.data.length > 0 && (
              <>
                <ul className="product-cards">
                  {result.data.map((product) => (
                    <ProductCard key={product.id} product={product} />
                  ))}
                </ul>
                <Pager page={result.page} lastPage={result.last_page} onPage={showPage} />
              </>
            )}
          </section>
        </div>
      </main>
    </ShopFrame>
  )
}

function NoResults({ filters, total }: { filters: CatalogFilters; total: number }) {
  if (total > 0) {
    return (
      <div className="card empty">
        <p>There is nothing on this page.</p>
        <Link href={catalogHref({ ...filters, page: 1 })}>Go to the first page</Link>
      </div>
    )
  }
  return (
    <div className="card empty">
      {isFiltered(filters) ? (
        <>
          <p>No product matches {filters.q ? `“${filters.q}” with these filters` : 'these filters'}.</p>
          <Link href={catalogHref(NO_FILTERS)}>Show all products</Link>
        </>
      ) : (
        <p>The shop has no products yet. Come back soon.</p>
      )}
    </div>
  )
}

function ResultsSkeleton() {
  return (
    <ul className="product-cards" aria-hidden="true">
      {Array.from({ length: 6 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders with nothing but their position
        <li key={i} className="card product-card">
          <div className="skeleton product-card-image" />
          <div className="skeleton" style={{ width: '70%' }} />
          <div className="skeleton" style={{ width: '40%' }} />
        </li>
      ))}
    </ul>
  )
}
