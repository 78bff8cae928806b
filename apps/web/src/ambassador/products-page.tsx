import { useEffect, useState } from 'react'
import { Link } from 'wouter'
import { api } from '../api.ts'
import { formatCents, type Product, toCents } from '../checkout/order.ts'
import { Pager } from '../pager.tsx'
import { ProductImage } from '../product-image.tsx'
import { LoadError } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { CopyButton, linkUrl } from './copy.tsx'

type Page = { data: Product[]; total: number; page: number; last_page: number }

/** Browse the catalog, pick products and turn them into a shareable link. */
export function ProductsPage() {
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  const [sort, setSort] = useState<'' | 'asc' | 'desc'>('')
  const [page, setPage] = useState(1)
  const [picked, setPicked] = useState<Product[]>([])
  const [created, setCreated] = useState<string>()
  const [error, setError] = useState<string>()
  const [sending, setSending] = useState(false)

  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim())
      setPage(1)
    }, 250)
    return () => clearTimeout(timer)
  }, [search])

  const params = new URLSearchParams({ page: String(page), ...(query ? { s: query } : {}), ...(sort ? { sort } : {}) })
  const { loaded, reload } = useApi<Page>(`/api/ambassador/products/backend?${params}`)
  const isPicked = (p: Product) => picked.some((q) => q.id === p.id)
  const toggle = (p: Product) => setPicked((all) => (isPicked(p) ? all.filter((q) => q.id !== p.id) : [...all, p]))

  async function createLink() {
    setSending(true)
    setError(undefined)
    try {
      const link = await api<{ code: string }>('POST', '/api/ambassador/links', { products: picked.map((p) => p.id) })
      setCreated(link.code)
      setPicked([])
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setSending(false)
    }
  }

  return (
    <section aria-labelledby="products-title">
      <h1 id="products-title">Products</h1>
      <p className="muted">Pick the products you want to recommend, then create a link to share.</p>
      {created && (
        <div className="card created" role="status">
          <p>
            <strong>Your link is ready.</strong> Share it anywhere; you earn a commission on every order through it.
          </p>
          <p className="link-row">
            <code>{linkUrl(created)}</code> <CopyButton text={linkUrl(created)} />
          </p>
          <Link href="/links">See all my links</Link>
        </div>
      )}
      <div className="toolbar">
        <label className="visually-hidden" htmlFor="product-search">
          Search products
        </label>
        <input
          id="product-search"
          type="search"
          placeholder="Search products"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <label className="visually-hidden" htmlFor="product-sort">
          Sort by price
        </label>
        <select id="product-sort" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
          <option value="">Newest first</option>
          <option value="asc">Price: low to high</option>
          <option value="desc">Price: high to low</option>
        </select>
      </div>

      {loaded.state === 'loading' && <div className="skeleton" style={{ height: '12rem' }} aria-busy="true" />}
      {loaded.state === 'failed' && <LoadError message={loaded.error.message} retry={reload} />}
      {loaded.state === 'ready' && loaded.data.data.length === 0 && (
        <p className="card muted">{query ? `No product matches “${query}”.` : 'The catalog is empty for now.'}</p>
      )}
      {loaded.state === 'ready' && loaded.data.data.length > 0 && (
        <>
          <ul className="product-grid">
            {loaded.data.data.map((product) => (
              <li key={product.id} className={`card pick ${isPicked(product) ? 'picked' : ''}`}>
                <label>
                  <input type="checkbox" checked={isPicked(product)} onChange={() => toggle(product)} />
                  <ProductImage
                    title={product.title}
                    image={product.image}
                    className="pick-image"
                    width={320}
                    height={200}
                  />
                  <span className="pick-title">{product.title}</span>
                  <span className="price">{formatCents(toCents(product.price))}</span>
                </label>
              </li>
            ))}
          </ul>
          <Pager page={loaded.data.page} lastPage={loaded.data.last_page} onPage={setPage} />
        </>
      )}

      {picked.length > 0 && (
        <section className="pick-bar" aria-label="Your selection">
          <span>
            {picked.length} product{picked.length === 1 ? '' : 's'} picked
          </span>
          {error && <span className="field-error">{error}</span>}
          <button type="button" className="button" onClick={createLink} disabled={sending}>
            {sending ? 'Creating…' : 'Create link'}
          </button>
        </section>
      )}
    </section>
  )
}
