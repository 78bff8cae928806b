import { MAX_QUANTITY } from '@ambassador/contracts/limits'
import { useEffect, useState } from 'react'
import { Link } from 'wouter'
import { ProductImage } from '../product-image.tsx'
import { useToast } from '../toast.tsx'
import { type CartLine, formatPrice, lineProblem } from './cart.ts'
import { removeLine, setLineQuantity } from './cart-store.ts'
import { QuantityStepper } from './quantity-stepper.tsx'

// Quick taps on + are gathered into one change, sent once the shopper pauses.
const SEND_AFTER_MS = 400

/** One line of the cart: the product, its quantity to change, a way to remove it, and what is wrong with it. */
export function CartLineRow({ line, currency }: { line: CartLine; currency: string | null }) {
  const notify = useToast()
  // A quantity the shopper chose that the server has not confirmed yet: shown meanwhile, sent after a pause.
  const [draft, setDraft] = useState<number>()
  const [removing, setRemoving] = useState(false)
  const problem = lineProblem(line)

  useEffect(() => {
    if (draft === undefined) return
    const timer = setTimeout(() => {
      const settled = () => setDraft((current) => (current === draft ? undefined : current))
      setLineQuantity(line.product_id, draft).then(settled, (error: unknown) => {
        notify(error instanceof Error ? error.message : String(error), 'error')
        settled()
      })
    }, SEND_AFTER_MS)
    return () => clearTimeout(timer)
  }, [draft, line.product_id, notify])

  async function remove() {
    if (removing) return
    setRemoving(true)
    try {
      await removeLine(line.product_id)
      notify(`${line.title} removed from your cart`)
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'error')
      setRemoving(false)
    }
  }

  return (
    <li className={`cart-line card${problem ? ' has-problem' : ''}`}>
      <ProductImage title={line.title} image={line.image} className="cart-line-image" width={72} height={72} />
      <div className="cart-line-text">
        <h3>{line.slug ? <Link href={`/shop/p/${encodeURIComponent(line.slug)}`}>{line.title}</Link> : line.title}</h3>
        <p className="muted">{formatPrice(line.price, currency)} each</p>
        {problem && (
          <p className="line-problem" role="alert">
            {problem}
            {line.problem === 'short' && line.available ? (
              <button
                type="button"
                className="button secondary small-button"
                onClick={() => setDraft(line.available ?? 1)}
              >
                Change to {line.available}
              </button>
            ) : null}
          </p>
        )}
      </div>
      <div className="cart-line-actions">
        {line.problem && line.problem !== 'short' ? (
          <span className="muted">Quantity {line.quantity}</span>
        ) : (
          <QuantityStepper
            label={`Quantity of ${line.title}`}
            hiddenLabel
            value={draft ?? line.quantity}
            min={1}
            max={MAX_QUANTITY}
            onChange={setDraft}
            lessLabel={`One less ${line.title}`}
            moreLabel={`One more ${line.title}`}
          />
        )}
        <button type="button" className="link-button" aria-disabled={removing || undefined} onClick={remove}>
          Remove<span className="visually-hidden"> {line.title}</span>
        </button>
        <p className="cart-line-total">
          {problem ? (
            <span className="muted">Not in the total</span>
          ) : (
            <>
              <strong>{formatPrice(line.line_total, currency)}</strong>
              {line.discount > 0 && (
                <span className="line-discount">−{formatPrice(line.discount, currency)} with the coupon</span>
              )}
            </>
          )}
        </p>
      </div>
    </li>
  )
}
