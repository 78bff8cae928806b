import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { useLocation } from 'wouter'
import { ApiError, api } from '../api.ts'
import { ProductImage } from '../product-image.tsx'
import './checkout.css'
import { StoreCreditChoice, splitByCredit, useStoreCredit } from '../shop/store-credit-choice.tsx'
import {
  type CheckoutLink,
  CUSTOMER_AUTOCOMPLETE,
  type Customer,
  clampQuantity,
  EMPTY_CUSTOMER,
  fieldLabel,
  formatCents,
  MAX_QUANTITY,
  orderLines,
  orderTotalCents,
  type Product,
  type Quantities,
  toCents,
  validateCustomer,
} from './order.ts'
import { rememberPlacedOrder } from './placed-order.ts'
import { SaveAddressChoice, SavedAddressPicker, useShopperCheckout } from './saved-address-picker.tsx'

type Load =
  | { state: 'loading' }
  | { state: 'missing' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; link: CheckoutLink }

/** The page a shopper lands on from an ambassador's link: pick quantities, say where to ship, pay. */
export default function CheckoutPage({ code }: { code: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const [attempt, setAttempt] = useState(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how "Try again" asks for a new request
  useEffect(() => {
    let current = true
    setLoad({ state: 'loading' })
    api<CheckoutLink>('GET', `/api/checkout/links/${encodeURIComponent(code)}`).then(
      (link) => current && setLoad({ state: 'ready', link }),
      (error: unknown) => {
        if (!current) return
        if (error instanceof ApiError && error.status === 404) setLoad({ state: 'missing' })
        else setLoad({ state: 'failed', message: error instanceof Error ? error.message : String(error) })
      },
    )
    return () => {
      current = false
    }
  }, [code, attempt])

  if (load.state === 'loading') return <CheckoutSkeleton />
  if (load.state === 'missing') {
    return (
      <main className="page narrow result">
        <div className="card">
          <h1>This link does not exist</h1>
          <p className="muted">Check the address you were given, or ask the person who shared it for a new one.</p>
        </div>
      </main>
    )
  }
  if (load.state === 'failed') {
    return (
      <main className="page narrow result">
        <div className="card">
          <h1>We could not open this shop</h1>
          <p className="alert error" role="alert">
            {load.message}
          </p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      </main>
    )
  }
  return <Checkout link={load.link} />
}

function Checkout({ link }: { link: CheckoutLink }) {
  const [quantities, setQuantities] = useState<Quantities>(() =>
    Object.fromEntries(link.products.map((p, i) => [p.id, i === 0 ? 1 : 0])),
  )
  const [customer, setCustomer] = useState<Customer>(EMPTY_CUSTOMER)
  const shopper = useShopperCheckout(setCustomer)
  const [touched, setTouched] = useState<Partial<Record<keyof Customer, boolean>>>({})
  const [sending, setSending] = useState(false)
  const [serverError, setServerError] = useState<string>()
  const form = useRef<HTMLFormElement>(null)

  const errors = validateCustomer(customer)
  const lines = orderLines(link.products, quantities)
  const total = orderTotalCents(link.products, quantities)
  const credit = useStoreCredit()
  const [useCredit, setUseCredit] = useState(true)
  const split = splitByCredit(total / 100, credit, useCredit)
  const restCents = toCents(split.rest)
  const payLabel = sending
    ? 'Taking you to payment…'
    : total > 0 && restCents === 0
      ? 'Place order with store credit'
      : `Pay ${formatCents(restCents)}`
  const ambassador = `${link.user.first_name} ${link.user.last_name}`

  async function pay(event: FormEvent) {
    event.preventDefault()
    setServerError(undefined)
    if (Object.keys(errors).length > 0) {
      setTouched(Object.fromEntries(Object.keys(errors).map((f) => [f, true])))
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    if (total === 0) {
      setServerError('Pick at least one product to order.')
      return
    }
    setSending(true)
    try {
      await shopper.saveIfAsked(customer)
      const session = await api<{ id: string; url: string }>('POST', '/api/checkout/orders', {
        ...customer,
        code: link.code,
        products: lines.map((line) => ({ product_id: line.product.id, quantity: line.quantity })),
        ...(split.credit > 0 && { use_store_credit: true }),
      })
      rememberPlacedOrder(session.id, {
        code: link.code,
        ambassador,
        email: customer.email.trim(),
        totalCents: total,
        lines: lines.map((line) => `${line.product.title} × ${line.quantity}`),
      })
      window.location.assign(session.url)
    } catch (error) {
      setServerError(error instanceof Error ? error.message : String(error))
      setSending(false)
    }
  }

  return (
    <main className="page checkout">
      <header className="via">
        <span className="avatar" aria-hidden="true">
          {link.user.first_name.charAt(0)}
          {link.user.last_name.charAt(0)}
        </span>
        <p>
          You're shopping via <strong>{ambassador}</strong>
        </p>
        <KeepShopping code={link.code} />
      </header>

      <form ref={form} className="checkout-grid" onSubmit={pay} noValidate>
        <div className="checkout-main">
          <section aria-labelledby="products-title">
            <h1 id="products-title">Your order</h1>
            {link.products.length === 0 ? (
              <p className="card muted">The products of this link are no longer available.</p>
            ) : (
              <ul className="products">
                {link.products.map((product) => (
                  <ProductRow
                    key={product.id}
                    product={product}
                    quantity={quantities[product.id] ?? 0}
                    onChange={(q) => setQuantities((all) => ({ ...all, [product.id]: clampQuantity(q) }))}
                  />
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="details-title" className="card">
            <h2 id="details-title">Where should we send it?</h2>
            <SavedAddressPicker details={shopper.details} customer={customer} onPick={setCustomer} />
            <div className="fields">
              {(Object.keys(EMPTY_CUSTOMER) as (keyof Customer)[]).map((field) => (
                <Field
                  key={field}
                  field={field}
                  value={customer[field]}
                  error={touched[field] ? errors[field] : undefined}
                  onChange={(value) => setCustomer((c) => ({ ...c, [field]: value }))}
                  onBlur={() => setTouched((t) => ({ ...t, [field]: true }))}
                />
              ))}
            </div>
            <SaveAddressChoice
              details={shopper.details}
              customer={customer}
              checked={shopper.saveAddress}
              onChange={shopper.setSaveAddress}
            />
          </section>
        </div>

        <aside className="summary card" aria-labelledby="summary-title">
          <h2 id="summary-title">Summary</h2>
          {lines.length === 0 ? (
            <p className="muted">Nothing picked yet.</p>
          ) : (
            <ul className="summary-lines">
              {lines.map((line) => (
                <li key={line.product.id}>
                  <span>
                    {line.product.title} × {line.quantity}
                  </span>
                  <span>{formatCents(line.totalCents)}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="total">
            <span>Total</span>
            <span aria-live="polite">{formatCents(total)}</span>
          </p>
          <StoreCreditChoice
            balance={credit}
            total={total / 100}
            currency={null}
            checked={useCredit}
            onChange={setUseCredit}
          />
          <div className="pay-inline">
            {serverError && (
              <p className="alert error" role="alert">
                {serverError}
              </p>
            )}
            <button type="submit" className="button pay" disabled={sending || total === 0}>
              {payLabel}
            </button>
          </div>
          <p className="muted small">
            {total > 0 && restCents === 0
              ? 'Your store credit pays for all of it.'
              : 'You pay on a secure payment page next.'}
          </p>
        </aside>

        {/* On a phone the summary is far below the products: the total and Pay stay in reach at the bottom. */}
        <div className="pay-bar">
          {serverError && (
            <p className="alert error" role="alert">
              {serverError}
            </p>
          )}
          <div className="pay-bar-row">
            <span className="pay-bar-total">
              <span className="muted">Total</span> <strong>{formatCents(total)}</strong>
            </span>
            <button type="submit" className="button" disabled={sending || total === 0}>
              {payLabel}
            </button>
          </div>
        </div>
      </form>
    </main>
  )
}

/**
 * Takes the link to the whole store: the cart remembers it, so the ambassador earns on everything the shopper
 * buys there. A plain request, so this page never downloads the shop.
 */
function KeepShopping({ code }: { code: string }) {
  const [, navigate] = useLocation()
  const [going, setGoing] = useState(false)
  const [error, setError] = useState<string>()
  async function keepShopping() {
    if (going) return
    setGoing(true)
    setError(undefined)
    try {
      await api('PUT', '/api/store/cart/referral', { code })
      navigate('/shop')
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setGoing(false)
    }
  }
  return (
    <div className="keep-shopping">
      <button type="button" className="button secondary" aria-disabled={going || undefined} onClick={keepShopping}>
        {going ? 'Opening the store…' : 'Keep shopping in the store'}
      </button>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

function ProductRow({
  product,
  quantity,
  onChange,
}: {
  product: Product
  quantity: number
  onChange(q: number): void
}) {
  const id = useId()
  return (
    <li className="product card">
      <ProductImage title={product.title} image={product.image} className="product-image" width={96} height={96} />
      <div className="product-text">
        <h3 id={`${id}-title`}>{product.title}</h3>
        {product.description && <p className="muted">{product.description}</p>}
        <p className="price">{formatCents(toCents(product.price))}</p>
      </div>
      <fieldset className="stepper" aria-labelledby={`${id}-title`}>
        <button
          type="button"
          aria-label={`One less ${product.title}`}
          onClick={() => onChange(quantity - 1)}
          disabled={quantity === 0}
        >
          −
        </button>
        <input
          aria-label={`Quantity of ${product.title}`}
          inputMode="numeric"
          value={quantity}
          onChange={(e) => onChange(Number(e.target.value.replace(/\D/g, '') || 0))}
        />
        <button
          type="button"
          aria-label={`One more ${product.title}`}
          onClick={() => onChange(quantity + 1)}
          disabled={quantity >= MAX_QUANTITY}
        >
          +
        </button>
      </fieldset>
    </li>
  )
}

function Field(props: {
  field: keyof Customer
  value: string
  error?: string
  onChange(v: string): void
  onBlur(): void
}) {
  const id = `field-${props.field}`
  return (
    <div className={`field field-${props.field}`}>
      <label htmlFor={id}>{fieldLabel(props.field)}</label>
      <input
        id={id}
        name={props.field}
        type={props.field === 'email' ? 'email' : 'text'}
        autoComplete={CUSTOMER_AUTOCOMPLETE[props.field]}
        value={props.value}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
      />
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  )
}

function CheckoutSkeleton() {
  return (
    <main className="page checkout" aria-busy="true" aria-label="Loading the shop">
      <div className="skeleton" style={{ height: '2.5rem', width: '60%', marginBottom: '1rem' }} />
      <div className="skeleton" style={{ height: '7rem', marginBottom: '0.75rem' }} />
      <div className="skeleton" style={{ height: '7rem', marginBottom: '0.75rem' }} />
    </main>
  )
}
