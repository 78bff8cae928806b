import { useState } from 'react'
import { FormError, useSubmit } from '../forms.tsx'
import type { Cart } from './cart.ts'
import { applyCoupon, removeCoupon } from './cart-store.ts'

/** The coupon of the cart: a code to apply, or the one applied (and why it no longer counts, if so) to remove. */
export function CouponForm({ coupon }: { coupon: Cart['coupon'] }) {
  const [code, setCode] = useState('')
  const { sending, error, submit } = useSubmit(async () => {
    if (coupon) {
      await removeCoupon()
      return
    }
    const typed = code.trim()
    if (!typed) throw new Error('Enter the code of your coupon.')
    await applyCoupon(typed)
    setCode('')
  })

  if (coupon) {
    return (
      <form className="coupon" onSubmit={submit}>
        <p className="coupon-applied">
          Coupon <strong>{coupon.code}</strong>
          {coupon.description && <span className="muted"> · {coupon.description}</span>}
        </p>
        {coupon.problem && (
          <p className="alert error" role="alert">
            {coupon.problem}
          </p>
        )}
        <FormError message={error} />
        <button type="submit" className="link-button" disabled={sending}>
          Remove coupon
        </button>
      </form>
    )
  }
  return (
    <form className="coupon" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="coupon-code">Coupon code</label>
        <div className="coupon-row">
          <input
            id="coupon-code"
            value={code}
            maxLength={64}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'coupon-error' : undefined}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="button secondary" disabled={sending}>
            {sending ? 'Applying…' : 'Apply'}
            <span className="visually-hidden"> coupon</span>
          </button>
        </div>
      </div>
      {error && (
        <p id="coupon-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
