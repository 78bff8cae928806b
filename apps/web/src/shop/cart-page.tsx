import { Link } from 'wouter'
import { ambassadorName, type Cart, formatPrice, itemCount } from './cart.ts'
import { CartCheckoutForm } from './cart-checkout-form.tsx'
import { CartLineRow } from './cart-line.tsx'
import { loadCart, useCart } from './cart-store.ts'
import { CouponForm } from './coupon-form.tsx'
import { LoadFailed, ShopFrame } from './shop-frame.tsx'

/** The cart: change quantities, apply a coupon, say where it goes, and pay. */
export default function CartPage() {
  const { cart, error } = useCart()
  return (
    <ShopFrame>
      <main className="page cart-page">
        {cart?.referral && <Referral referral={cart.referral} />}
        <h1>Your cart</h1>
        {!cart && !error && <CartSkeleton />}
        {!cart && error && <LoadFailed message={error.message} retry={loadCart} />}
        {cart && cart.lines.length === 0 && (
          <div className="card empty">
            <p>Your cart is empty.</p>
            <Link href="/shop" className="button">
              Browse the shop
            </Link>
          </div>
        )}
        {cart && cart.lines.length > 0 && <CartContents cart={cart} />}
      </main>
    </ShopFrame>
  )
}

function CartContents({ cart }: { cart: Cart }) {
  const blocked = cart.lines.some((line) => line.problem)
    ? 'Some products in your cart cannot be bought as they are. Remove them or change their quantity to pay.'
    : undefined
  // The header counts everything in the cart; the subtotal only what can be bought.
  const buyableItems = cart.lines.reduce((sum, line) => sum + (line.problem ? 0 : line.quantity), 0)
  return (
    <div className="cart-grid">
      <section className="cart-lines" aria-labelledby="lines-title">
        <h2 id="lines-title" className="visually-hidden">
          Items in the cart
        </h2>
        <ul>
          {cart.lines.map((line) => (
            <CartLineRow key={line.product_id} line={line} currency={cart.currency} />
          ))}
        </ul>
        <Link href="/shop">← Keep shopping</Link>
      </section>
      <aside className="summary card" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <dl className="totals">
          <div>
            <dt>Subtotal ({itemCount(buyableItems)})</dt>
            <dd>{formatPrice(cart.subtotal, cart.currency)}</dd>
          </div>
          {cart.discount > 0 && (
            <div className="discount">
              <dt>Discount</dt>
              <dd>−{formatPrice(cart.discount, cart.currency)}</dd>
            </div>
          )}
          <div className="total">
            <dt>Total</dt>
            <dd aria-live="polite">{formatPrice(cart.total, cart.currency)}</dd>
          </div>
        </dl>
        <CouponForm coupon={cart.coupon} />
      </aside>
      <CartCheckoutForm cart={cart} blocked={blocked} />
    </div>
  )
}

function Referral({ referral }: { referral: NonNullable<Cart['referral']> }) {
  const name = ambassadorName(referral)
  const initials = referral.ambassador
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.charAt(0))
    .join('')
    .slice(0, 2)
  return (
    <div className="via">
      {initials && (
        <span className="avatar" aria-hidden="true">
          {initials}
        </span>
      )}
      <p>
        Shopping with <strong>{name}</strong>’s link <code>{referral.code}</code>
      </p>
    </div>
  )
}

function CartSkeleton() {
  return (
    <div aria-busy="true">
      <p className="visually-hidden">Loading your cart…</p>
      <div className="skeleton" style={{ height: '6rem', marginBottom: '0.75rem' }} />
      <div className="skeleton" style={{ height: '6rem', marginBottom: '0.75rem' }} />
    </div>
  )
}
