import { type FormEvent, useEffect, useRef, useState } from 'react'
import { api } from '../api.ts'
import { formatCents, type Product, toCents } from '../checkout/order.ts'
import { FormError } from '../forms.tsx'
import { ProductImage } from '../product-image.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'

type Draft = { title: string; description: string; image: string; price: string }
const EMPTY: Draft = { title: '', description: '', image: '', price: '' }

/** Checks a price the way the API does: a positive amount with at most two decimals. */
export function priceProblem(price: string): string | undefined {
  if (price.trim() === '') return 'Enter a price'
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(price.trim())) return 'Enter a price like 19.99 (at most 2 decimals)'
  return undefined
}

/** The catalog: search it, add products, change or remove them. */
export function ProductsPage() {
  const { loaded, reload } = useApi<Product[]>('/api/admin/products')
  const [search, setSearch] = useState('')
  const [editing, setEditing] = useState<{ id?: string; draft: Draft }>()
  const notify = useToast()
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />
  const query = search.trim().toLowerCase()
  const products = loaded.data.filter((p) => !query || `${p.title} ${p.description}`.toLowerCase().includes(query))

  async function remove(product: Product) {
    if (!window.confirm(`Delete “${product.title}”? Links that include it will stop showing it.`)) return
    try {
      await api('DELETE', `/api/admin/products/${product.id}`)
      notify(`Deleted “${product.title}”`)
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not delete the product.', 'error')
    }
    reload()
  }

  return (
    <section aria-labelledby="products-title">
      <div className="heading-row">
        <h1 id="products-title">Products</h1>
        {!editing && (
          <button type="button" className="button" onClick={() => setEditing({ draft: EMPTY })}>
            Add product
          </button>
        )}
      </div>
      {editing && (
        <ProductForm
          // A new key for each product: the form starts from that product's values, never the last one's.
          key={editing.id ?? 'new'}
          id={editing.id}
          initial={editing.draft}
          onDone={(saved) => {
            setEditing(undefined)
            notify(editing.id ? `Saved “${saved.title}”` : `Added “${saved.title}”`)
            reload()
          }}
          onCancel={() => setEditing(undefined)}
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
                      </span>
                    </div>
                  </td>
                  <td className="num" data-label="Price">
                    {formatCents(toCents(p.price))}
                  </td>
                  <td className="num row-actions">
                    <button
                      type="button"
                      className="button secondary small-button"
                      onClick={() =>
                        setEditing({
                          id: p.id,
                          draft: { title: p.title, description: p.description, image: p.image, price: String(p.price) },
                        })
                      }
                    >
                      Edit
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

function ProductForm(props: { id?: string; initial: Draft; onDone(saved: Product): void; onCancel(): void }) {
  const [draft, setDraft] = useState(props.initial)
  const [error, setError] = useState<string>()
  const [sending, setSending] = useState(false)
  const [checked, setChecked] = useState(false)
  const title = useRef<HTMLInputElement>(null)
  // The form opens where the admin's attention goes: its first field (the button that opened it is gone).
  useEffect(() => title.current?.focus(), [])
  const set = (field: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }))
  const titleProblem = draft.title.trim() ? undefined : 'Enter a title'
  const price = priceProblem(draft.price)

  async function save(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    if (titleProblem || price) return
    setSending(true)
    setError(undefined)
    try {
      const body = { ...draft, price: draft.price.trim() }
      const saved = await (props.id
        ? api<Product>('PUT', `/api/admin/products/${props.id}`, body)
        : api<Product>('POST', '/api/admin/products', body))
      props.onDone(saved)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSending(false)
    }
  }

  return (
    <form
      className="card fields-stack product-form"
      onSubmit={save}
      noValidate
      aria-label={props.id ? 'Edit product' : 'New product'}
    >
      <h2>{props.id ? 'Edit product' : 'New product'}</h2>
      <FormError message={error} />
      <div className="field">
        <label htmlFor="product-title">Title</label>
        <input
          id="product-title"
          ref={title}
          value={draft.title}
          onChange={set('title')}
          aria-invalid={checked && !!titleProblem}
          maxLength={200}
        />
        {checked && titleProblem && <p className="field-error">{titleProblem}</p>}
      </div>
      <div className="field">
        <label htmlFor="product-description">Description</label>
        <input id="product-description" value={draft.description} onChange={set('description')} maxLength={5000} />
      </div>
      <div className="field">
        <label htmlFor="product-price">Price (USD)</label>
        <input
          id="product-price"
          inputMode="decimal"
          value={draft.price}
          onChange={set('price')}
          aria-invalid={checked && !!price}
        />
        {checked && price && <p className="field-error">{price}</p>}
      </div>
      <div className="field">
        <label htmlFor="product-image">Image URL</label>
        <input id="product-image" type="url" value={draft.image} onChange={set('image')} maxLength={2048} />
        {draft.image && (
          <img className="image-preview" src={draft.image} alt="Preview of the product" width={160} height={100} />
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Saving…' : 'Save product'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
