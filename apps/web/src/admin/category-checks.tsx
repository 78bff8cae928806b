import { Link } from 'wouter'
import type { Loaded } from '../use-api.ts'
import type { Category } from './types.ts'

/** Checkboxes for the categories, for a product's or a coupon's `category_ids`. */
export function CategoryChecks(props: {
  legend: string
  hint?: string
  /** a prefix for the checkboxes' ids, unique on the page */
  idPrefix: string
  categories: Loaded<Category[]>
  retry(): void
  selected: string[]
  onChange(ids: string[]): void
}) {
  const { categories, selected } = props
  const hintId = `${props.idPrefix}-hint`
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...selected, id] : selected.filter((other) => other !== id))
  return (
    <fieldset className="choices" aria-describedby={props.hint ? hintId : undefined}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p id={hintId} className="muted small-left">
          {props.hint}
        </p>
      )}
      {categories.state === 'loading' && <div className="skeleton" style={{ height: '2.5rem' }} aria-busy="true" />}
      {categories.state === 'failed' && (
        <p className="alert error" role="alert">
          The categories could not be loaded: {categories.error.message}{' '}
          <button type="button" className="button secondary small-button" onClick={props.retry}>
            Try again
          </button>
        </p>
      )}
      {categories.state === 'ready' && categories.data.length === 0 && (
        <p className="muted">
          No categories yet. <Link href="/categories">Add categories</Link>
        </p>
      )}
      {categories.state === 'ready' && categories.data.length > 0 && (
        <div className="choice-grid">
          {categories.data.map((category) => {
            const id = `${props.idPrefix}-${category.id}`
            return (
              <label key={category.id} htmlFor={id} className="choice">
                <input
                  id={id}
                  type="checkbox"
                  checked={selected.includes(category.id)}
                  onChange={(e) => toggle(category.id, e.target.checked)}
                />
                <span>{category.name}</span>
              </label>
            )
          })}
        </div>
      )}
    </fieldset>
  )
}
