import { type FormEvent, useEffect, useRef, useState } from 'react'
import { api } from '../api.ts'
import { FormError } from '../forms.tsx'
import type { Loaded } from '../use-api.ts'
import { CategoryChecks } from './category-checks.tsx'
import { type CouponProblems, couponBody, couponProblems, EMPTY_COUPON } from './coupon-draft.ts'
import type { Category, Coupon } from './types.ts'

type TextKey = keyof CouponProblems
type FieldOptions = { hint?: string; type?: string; inputMode?: 'decimal' | 'numeric' }

/** A new coupon: its code, what it takes off, and when, how often and on what it may be used. */
export function CouponForm(props: {
  categories: Loaded<Category[]>
  reloadCategories(): void
  onDone(saved: Coupon): void
  onCancel(): void
}) {
  const [draft, setDraft] = useState(EMPTY_COUPON)
  const [checked, setChecked] = useState(false)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  const code = useRef<HTMLInputElement>(null)
  useEffect(() => code.current?.focus(), [])
  const problems = couponProblems(draft)
  const shown = checked ? problems : {}

  async function save(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    const [firstProblem] = Object.keys(problems)
    if (firstProblem) {
      // The problems appear under their fields; the first one is where the admin carries on.
      document.getElementById(`coupon-${firstProblem}`)?.focus()
      return
    }
    setSending(true)
    setError(undefined)
    try {
      props.onDone(await api<Coupon>('POST', '/api/admin/coupons', couponBody(draft)))
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSending(false)
    }
  }

  /** A text-like field of the draft, with its hint and, once the form was sent, its problem. */
  const text = (key: TextKey, label: string, options: FieldOptions = {}) => {
    const id = `coupon-${key}`
    const problem = shown[key]
    const describedBy = [options.hint && `${id}-hint`, problem && `${id}-error`].filter(Boolean).join(' ')
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {options.hint && (
          <p className="muted field-hint" id={`${id}-hint`}>
            {options.hint}
          </p>
        )}
        <input
          id={id}
          ref={key === 'code' ? code : undefined}
          type={options.type ?? 'text'}
          inputMode={options.inputMode}
          autoCapitalize={key === 'code' ? 'characters' : undefined}
          spellCheck={key === 'code' ? false : undefined}
          value={draft[key]}
          onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
          aria-invalid={!!problem}
          aria-describedby={describedBy || undefined}
        />
        {problem && (
          <p className="field-error" id={`${id}-error`}>
            {problem}
          </p>
        )}
      </div>
    )
  }

  return (
    <form className="card fields-stack product-form" onSubmit={save} noValidate aria-labelledby="coupon-form-title">
      <h2 id="coupon-form-title">New coupon</h2>
      <FormError message={error} />
      {text('code', 'Coupon code', { hint: 'What shoppers type at checkout: letters, digits, - and _.' })}
      <fieldset className="choices">
        <legend>Kind of discount</legend>
        <div className="choice-grid">
          {(
            [
              ['percent', 'A percentage'],
              ['fixed', 'A fixed amount'],
            ] as const
          ).map(([kind, label]) => (
            <label key={kind} className="choice" htmlFor={`coupon-kind-${kind}`}>
              <input
                id={`coupon-kind-${kind}`}
                type="radio"
                name="coupon-kind"
                checked={draft.kind === kind}
                onChange={() => setDraft((d) => ({ ...d, kind }))}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {text('value', draft.kind === 'percent' ? 'Percent off' : 'Amount off (USD)', {
        inputMode: 'decimal',
        hint: draft.kind === 'percent' ? 'Like 10 or 12.5.' : 'Like 5 or 7.50.',
      })}
      {text('min_order', 'Minimum order (USD, optional)', { inputMode: 'decimal' })}
      <div className="inline-fields">
        {text('starts_at', 'Starts (optional)', { type: 'datetime-local', hint: 'Empty: from now.' })}
        {text('ends_at', 'Ends (optional)', { type: 'datetime-local', hint: 'Empty: never.' })}
      </div>
      <div className="inline-fields">
        {text('max_uses', 'Uses in total (optional)', { inputMode: 'numeric', hint: 'Empty: no limit.' })}
        {text('max_uses_per_customer', 'Uses per customer (optional)', {
          inputMode: 'numeric',
          hint: 'Empty: no limit.',
        })}
      </div>
      <CategoryChecks
        legend="Only for these categories"
        hint="None checked: it applies to the whole order."
        idPrefix="coupon-category"
        categories={props.categories}
        retry={props.reloadCategories}
        selected={draft.category_ids}
        onChange={(category_ids) => setDraft((d) => ({ ...d, category_ids }))}
      />
      <label className="choice" htmlFor="coupon-active">
        <input
          id="coupon-active"
          type="checkbox"
          checked={draft.active}
          onChange={(e) => setDraft((d) => ({ ...d, active: e.target.checked }))}
        />
        <span>Active: shoppers can use it</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Creating…' : 'Create coupon'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
