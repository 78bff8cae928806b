import { type FormEvent, useEffect, useRef, useState } from 'react'
import { ApiError, api } from '../api.ts'
import { FormError } from '../forms.tsx'
import { onHandProblem, stockText } from './stock.ts'
import type { Product, Stock } from './types.ts'

/** Counts a product's shelf (units on hand from now on), or stops counting it (never out of stock). */
export function StockForm(props: { product: Product; stock: Stock; onDone(saved: Stock): void; onCancel(): void }) {
  const { product, stock } = props
  const [onHand, setOnHand] = useState(stock.on_hand === null ? '' : String(stock.on_hand))
  const [checked, setChecked] = useState(false)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  const problem = onHandProblem(onHand)
  const now = stockText(stock)

  async function send(on_hand: number | null) {
    setSending(true)
    setError(undefined)
    try {
      props.onDone(await api<Stock>('PUT', `/api/admin/products/${product.id}/stock`, { on_hand }))
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 404
          ? 'Checkout does not know this product yet (a new product takes a moment to reach it). Try again in a moment.'
          : e instanceof Error
            ? e.message
            : String(e),
      )
      setSending(false)
    }
  }

  function save(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    if (problem) input.current?.focus()
    else void send(Number(onHand.trim()))
  }

  function stopTracking() {
    if (!window.confirm(`Stop counting the stock of “${product.title}”? It will never be out of stock.`)) return
    void send(null)
  }

  return (
    <form className="card fields-stack product-form" onSubmit={save} noValidate aria-labelledby="stock-form-title">
      <h2 id="stock-form-title">Stock of {product.title}</h2>
      <p className="muted stock-now">
        {now.headline}
        {now.detail ? ` · ${now.detail}` : ': never out of stock.'}
      </p>
      <FormError message={error} />
      <div className="field">
        <label htmlFor="stock-on-hand">Units on hand</label>
        <p className="muted small-left" id="stock-on-hand-hint">
          Every unit on the shelf, those held by unpaid orders included.
        </p>
        <input
          id="stock-on-hand"
          ref={input}
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={onHand}
          onChange={(e) => setOnHand(e.target.value)}
          aria-invalid={checked && !!problem}
          aria-describedby={checked && problem ? 'stock-on-hand-hint stock-on-hand-error' : 'stock-on-hand-hint'}
        />
        {checked && problem && (
          <p className="field-error" id="stock-on-hand-error">
            {problem}
          </p>
        )}
      </div>
      <div className="form-actions wrap">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Saving…' : 'Save stock'}
        </button>
        {stock.tracked && (
          <button type="button" className="button secondary" disabled={sending} onClick={stopTracking}>
            Stop tracking
          </button>
        )}
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
