import { type FormEvent, useEffect, useRef, useState } from 'react'
import { api } from '../api.ts'
import { FormError } from '../forms.tsx'
import type { Loaded } from '../use-api.ts'
import { CategoryChecks } from './category-checks.tsx'
import { ImagesField } from './images-field.tsx'
import { type ProductDraft, priceProblem, productBody, slugProblem } from './product-draft.ts'
import type { Category, Product } from './types.ts'

/** Adds a product (no `id`) or changes one: its text, price, address in the shop, categories, pictures, visibility. */
export function ProductForm(props: {
  id?: string
  initial: ProductDraft
  categories: Loaded<Category[]>
  reloadCategories(): void
  onDone(saved: Product): void
  onCancel(): void
}) {
  const [draft, setDraft] = useState(props.initial)
  const [error, setError] = useState<string>()
  const [sending, setSending] = useState(false)
  const [uploading, setUploading] = useState(false)
  const [checked, setChecked] = useState(false)
  const title = useRef<HTMLInputElement>(null)
  // The form opens where the admin's attention goes: its first field (the button that opened it is gone).
  useEffect(() => title.current?.focus(), [])
  const set = (field: 'title' | 'description' | 'price' | 'slug') => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }))
  const titleProblem = draft.title.trim() ? undefined : 'Enter a title'
  const price = priceProblem(draft.price)
  const slug = slugProblem(draft.slug)

  async function save(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    const firstProblem = titleProblem ? 'title' : price ? 'price' : slug ? 'slug' : undefined
    if (firstProblem) {
      document.getElementById(`product-${firstProblem}`)?.focus()
      return
    }
    setSending(true)
    setError(undefined)
    try {
      const body = productBody(draft)
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
          aria-describedby={checked && titleProblem ? 'product-title-error' : undefined}
          maxLength={200}
        />
        {checked && titleProblem && (
          <p className="field-error" id="product-title-error">
            {titleProblem}
          </p>
        )}
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
          aria-describedby={checked && price ? 'product-price-error' : undefined}
        />
        {checked && price && (
          <p className="field-error" id="product-price-error">
            {price}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="product-slug">Slug (optional)</label>
        <p className="muted small-left" id="product-slug-hint">
          The product’s address in the shop, like blue-mug. Left empty, a new product gets one from its name.
        </p>
        <input
          id="product-slug"
          value={draft.slug}
          onChange={set('slug')}
          autoCapitalize="none"
          spellCheck={false}
          maxLength={100}
          aria-invalid={checked && !!slug}
          aria-describedby={checked && slug ? 'product-slug-hint product-slug-error' : 'product-slug-hint'}
        />
        {checked && slug && (
          <p className="field-error" id="product-slug-error">
            {slug}
          </p>
        )}
      </div>
      <CategoryChecks
        legend="Categories"
        idPrefix="product-category"
        categories={props.categories}
        retry={props.reloadCategories}
        selected={draft.category_ids}
        onChange={(category_ids) => setDraft((d) => ({ ...d, category_ids }))}
      />
      <ImagesField
        images={draft.images}
        onImages={(change) => setDraft((d) => ({ ...d, images: change(d.images) }))}
        url={draft.image_url}
        onUrl={(image_url) => setDraft((d) => ({ ...d, image_url }))}
        onUploading={setUploading}
      />
      <label className="choice" htmlFor="product-active">
        <input
          id="product-active"
          type="checkbox"
          checked={draft.active}
          onChange={(e) => setDraft((d) => ({ ...d, active: e.target.checked }))}
        />
        <span>Active: shown in the shop</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending || uploading}>
          {sending ? 'Saving…' : 'Save product'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
