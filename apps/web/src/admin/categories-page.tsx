import { type FormEvent, useEffect, useRef, useState } from 'react'
import { api } from '../api.ts'
import { FormError } from '../forms.tsx'
import { LoadError } from '../shell.tsx'
import { useToast } from '../toast.tsx'
import { useApi } from '../use-api.ts'
import './catalog.css'
import { slugProblem } from './product-draft.ts'
import type { Category } from './types.ts'

type Editing = { id?: string; name: string; slug: string }

/** The shop's categories: add them, rename them or change their slugs, delete them. */
export function CategoriesPage() {
  const { loaded, reload } = useApi<Category[]>('/api/admin/categories')
  const [editing, setEditing] = useState<Editing>()
  const notify = useToast()
  if (loaded.state === 'loading') return <div className="skeleton" style={{ height: '10rem' }} aria-busy="true" />
  if (loaded.state === 'failed') return <LoadError message={loaded.error.message} retry={reload} />

  async function remove(category: Category) {
    if (!window.confirm(`Delete the category “${category.name}”? Its products stay in the catalog, outside it.`)) return
    try {
      await api('DELETE', `/api/admin/categories/${category.id}`)
      notify(`Deleted “${category.name}”`)
    } catch (e) {
      notify(e instanceof Error ? e.message : 'We could not delete the category.', 'error')
    }
    reload()
  }

  return (
    <section aria-labelledby="categories-title">
      <div className="heading-row wrap">
        <h1 id="categories-title">Categories</h1>
        {!editing && (
          <button type="button" className="button" onClick={() => setEditing({ name: '', slug: '' })}>
            Add category
          </button>
        )}
      </div>
      <p className="muted">Shoppers browse the shop by category; a product can be in several.</p>
      {editing && (
        <CategoryForm
          key={editing.id ?? 'new'}
          initial={editing}
          onDone={(saved) => {
            setEditing(undefined)
            notify(editing.id ? `Saved “${saved.name}”` : `Added “${saved.name}”`)
            reload()
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {loaded.data.length === 0 ? (
        <p className="card muted">No categories yet. Add the first one.</p>
      ) : (
        <div className="card table-wrap">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Slug</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.map((category) => (
                <tr key={category.id}>
                  <td>
                    <strong>{category.name}</strong>
                  </td>
                  <td data-label="Slug">
                    <code>{category.slug}</code>
                  </td>
                  <td className="num row-actions">
                    <button
                      type="button"
                      className="button secondary small-button"
                      onClick={() => setEditing({ id: category.id, name: category.name, slug: category.slug })}
                    >
                      Edit
                    </button>{' '}
                    <button type="button" className="button secondary small-button" onClick={() => remove(category)}>
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

function CategoryForm(props: { initial: Editing; onDone(saved: Category): void; onCancel(): void }) {
  const { id } = props.initial
  const [name, setName] = useState(props.initial.name)
  const [slug, setSlug] = useState(props.initial.slug)
  const [checked, setChecked] = useState(false)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])
  const nameProblem = name.trim() ? undefined : 'Enter a name'
  const slugWrong = slugProblem(slug)

  async function save(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    if (nameProblem || slugWrong) return
    setSending(true)
    setError(undefined)
    // An empty slug is left out: a new category gets one from its name, an edited one keeps its own.
    const body = { name: name.trim(), ...(slug.trim() ? { slug: slug.trim() } : {}) }
    try {
      props.onDone(
        await (id
          ? api<Category>('PUT', `/api/admin/categories/${id}`, body)
          : api<Category>('POST', '/api/admin/categories', body)),
      )
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSending(false)
    }
  }

  const heading = id ? 'Edit category' : 'New category'
  return (
    <form className="card fields-stack product-form" onSubmit={save} noValidate aria-label={heading}>
      <h2>{heading}</h2>
      <FormError message={error} />
      <div className="field">
        <label htmlFor="category-name">Category name</label>
        <input
          id="category-name"
          ref={first}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          aria-invalid={checked && !!nameProblem}
          aria-describedby={checked && nameProblem ? 'category-name-error' : undefined}
        />
        {checked && nameProblem && (
          <p className="field-error" id="category-name-error">
            {nameProblem}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="category-slug">Category slug (optional)</label>
        <p className="muted small-left" id="category-slug-hint">
          Its address in the shop, like garden-tools. Left empty, a new category gets one from its name.
        </p>
        <input
          id="category-slug"
          value={slug}
          onChange={(e) => setSlug(e.target.value)}
          autoCapitalize="none"
          spellCheck={false}
          maxLength={100}
          aria-invalid={checked && !!slugWrong}
          aria-describedby={checked && slugWrong ? 'category-slug-hint category-slug-error' : 'category-slug-hint'}
        />
        {checked && slugWrong && (
          <p className="field-error" id="category-slug-error">
            {slugWrong}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Saving…' : 'Save category'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
