import { useState } from 'react'
import { api } from '../api.ts'
import { formatCents, toCents } from '../checkout/order.ts'
import { ProductImage } from '../product-image.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { type Loaded, useApi } from '../use-api.ts'
import './catalog.css'
import { draftOf, EMPTY_PRODUCT, type ProductDraft } from './product-draft.ts'
import { ProductForm } from './product-form.tsx'
import { stockOf, stockText } from './stock.ts'
import { StockForm } from './stock-form.tsx'
import type { Category, Product, Stock, StockLine } from './types.ts'

/** What the top of the page shows: a product being added or changed, or a product's stock being counted. */
type Panel = { kind: 'product'; id?: string; draft: ProductDraft } | { kind: 'stock'; product: Product; stock: Stock }

/** The catalog: search it, add products, change or remove them, and count their stock. */
export function ProductsPage() {
  const { loaded, reload } = useApi<Product[]>('/api/admin/products')
  const categories = useApi<Category[]>('/api/admin/categories')
  const inventory = useApi<StockLine[]>('/api/admin/inventory')
  const [search, setSearch] = useState('')
  const [panel, setPanel] = useState<Panel>()
  const notify = useToast()
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  const query = search.trim().toLowerCase()
  const products = loaded.data.filter((p) => !query || `${p.title} ${p.description}`.toLowerCase().includes(query))
  const names = new Map(
    categories.loaded.state === 'ready' ? categories.loaded.data.map((c) => [c.id, c.name] as const) : [],
  )

  async function remove(product: Product) {
    if (!window.confirm(`Delete “${product.title}”? Links that include it will stop showing it.`)) return
    try {
      await api('DELETE', `/api/admin/products/${product.id}`)
      notify(`Deleted “${product.title}”`)
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not delete the product.', 'error')
    }
    reload()
    inventory.reload()
  }

  return (
    <section aria-labelledby="products-title">
      <div className="heading-row wrap">
        <h1 id="products-title">Products</h1>
        {panel?.kind !== 'product' && (
          <button type="button" className="button" onClick={() => setPanel({ kind: 'product', draft: EMPTY_PRODUCT })}>
            Add product
          </button>
        )}
      </div>
      {panel?.kind === 'product' && (
        <ProductForm
          // A new key for each product: the form starts from that product's values, never the last one's.
          key={panel.id ?? 'new'}
          id={panel.id}
          initial={panel.draft}
          categories={categories.loaded}
          reloadCategories={categories.reload}
          onDone={(saved) => {
            setPanel(undefined)
            notify(panel.id ? `Saved “${saved.title}”` : `Added “${saved.title}”`)
            reload()
          }}
          onCancel={() => setPanel(undefined)}
        />
      )}
      {panel?.kind === 'stock' && (
        <StockForm
          key={panel.product.id}
          product={panel.product}
          stock={panel.stock}
          onDone={(saved) => {
            setPanel(undefined)
            notify(
              saved.tracked
                ? `Stock of “${panel.product.title}”: ${saved.on_hand} on hand`
                : `Stopped tracking the stock of “${panel.product.title}”`,
            )
            inventory.reload()
          }}
          onCancel={() => setPanel(undefined)}
        />
      )}
      <div className="toolbar single">
        <label className="visually-hidden" htmlFor="admin-product-search">
          Search products
        </label>
        <input
          id="admin-product-search"
          type="search"
          placeholder="Search products"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {inventory.loaded.state === 'failed' && (
        <LoadError
          message={`The stock could not be loaded: ${inventory.loaded.error.message}`}
          retry={inventory.reload}
        />
      )}
      {products.length === 0 ? (
        <p className="card muted">
          {query ? `No product matches “${search}”.` : 'No products yet. Add the first one.'}
        </p>
      ) : (
        <div className="card table-wrap">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col">Stock</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.id}>
                  <td>
                    <div className="product-cell">
                      <ProductImage title={p.title} image={p.image} className="thumb" width={48} height={48} />
                      <span>
                        <strong>{p.title}</strong>
                        <br />
                        <span className="muted">{p.description}</span>
                        <ProductFacts product={p} categoryNames={names} />
                      </span>
                    </div>
                  </td>
                  <td className="num" data-label="Price">
                    {formatCents(toCents(p.price))}
                  </td>
                  <td data-label="Stock">
                    <StockCell inventory={inventory.loaded} productId={p.id} />
                  </td>
                  <td className="num row-actions">
                    <button
                      type="button"
                      className="button secondary small-button"
                      onClick={() => setPanel({ kind: 'product', id: p.id, draft: draftOf(p) })}
                    >
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      className="button secondary small-button"
                      disabled={inventory.loaded.state !== 'ready'}
                      onClick={() =>
                        inventory.loaded.state === 'ready' &&
                        setPanel({ kind: 'stock', product: p, stock: stockOf(inventory.loaded.data, p.id) })
                      }
                    >
                      Set stock
                    </button>{' '}
                    <button type="button" className="button secondary small-button" onClick={() => remove(p)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** Under a product's name: hidden from the shop or not, and its categories. */
function ProductFacts({ product, categoryNames }: { product: Product; categoryNames: Map<string, string> }) {
  const inCategories = (product.category_ids ?? []).flatMap((id) => categoryNames.get(id) ?? [])
  if (product.active !== false && inCategories.length === 0) return null
  return (
    <span className="product-facts">
      {product.active === false && <span className="status status-hidden">Hidden from the shop</span>}
      {inCategories.length > 0 && <span className="muted">{inCategories.join(', ')}</span>}
    </span>
  )
}

function StockCell({ inventory, productId }: { inventory: Loaded<StockLine[]>; productId: string }) {
  if (inventory.state !== 'ready') return <span className="muted">{inventory.state === 'loading' ? '…' : '—'}</span>
  const text = stockText(stockOf(inventory.data, productId))
  return (
    <span className="stock-cell">
      <span>{text.headline}</span>
      {text.detail && <span className="muted small">{text.detail}</span>}
    </span>
  )
}
