import { type FormEvent, useState } from 'react'
import { api } from '../api.ts'
import {
  CUSTOMER_AUTOCOMPLETE,
  type Customer,
  EMPTY_CUSTOMER,
  fieldLabel,
  validateCustomer,
} from '../checkout/order.ts'
import { rememberPlacedOrder } from '../checkout/placed-order.ts'
import { SaveAddressChoice, SavedAddressPicker, useShopperCheckout } from '../checkout/saved-address-picker.tsx'
import { FormError, TextField, useFields } from '../forms.tsx'
import { type Cart, formatPrice, placedCartOrder } from './cart.ts'
import { StoreCreditChoice, splitByCredit, useStoreCredit } from './store-credit-choice.tsx'

/**
 * Who the shopper is and where the order goes; Pay places the cart's order and sends the browser to the payment
 * page. `blocked` says why the cart cannot be paid as it is (a line to fix), if it cannot.
 */
export function CartCheckoutForm({ cart, blocked }: { cart: Cart; blocked?: string }) {
  const { values, set, setValues } = useFields<Customer>(EMPTY_CUSTOMER)
  const shopper = useShopperCheckout(setValues)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  const credit = useStoreCredit()
  const [useCredit, setUseCredit] = useState(true)
  const split = splitByCredit(cart.total, credit, useCredit)

  async function pay(event: FormEvent) {
    event.preventDefault()
    if (sending) return
    const problems = Object.values(validateCustomer(values))
    if (problems.length > 0) {
      setError(problems.join('. '))
      return
    }
    setError(undefined)
    setSending(true)
    try {
      await shopper.saveIfAsked(values)
      const customer = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])) as Customer
      const session = await api<{ id: string; url: string }>('POST', '/api/store/cart/checkout', {
        ...customer,
        ...(split.credit > 0 && { use_store_credit: true }),
      })
      rememberPlacedOrder(session.id, placedCartOrder(cart, customer.email))
      window.location.assign(session.url) // stays "sending" until the payment page opens
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSending(false)
    }
  }

  return (
    <form className="card cart-details" aria-labelledby="details-title" onSubmit={pay}>
      <h2 id="details-title">Where should we send it?</h2>
      <SavedAddressPicker details={shopper.details} customer={values} onPick={setValues} />
      <div className="fields">
        {(Object.keys(EMPTY_CUSTOMER) as (keyof Customer)[]).map((field) => (
          <TextField
            key={field}
            label={fieldLabel(field)}
            type={field === 'email' ? 'email' : 'text'}
            value={values[field]}
            onChange={set(field)}
            autoComplete={CUSTOMER_AUTOCOMPLETE[field]}
          />
        ))}
      </div>
      <SaveAddressChoice
        details={shopper.details}
        customer={values}
        checked={shopper.saveAddress}
        onChange={shopper.setSaveAddress}
      />
      <div className="pay-area">
        <StoreCreditChoice
          balance={credit}
          total={cart.total}
          currency={cart.currency}
          checked={useCredit}
          onChange={setUseCredit}
        />
        <FormError message={error} />
        {blocked && (
          <p id="pay-blocked" className="alert error">
            {blocked}
          </p>
        )}
        <button
          type="submit"
          className="button pay"
          disabled={sending || Boolean(blocked)}
          aria-describedby={blocked ? 'pay-blocked' : undefined}
        >
          {sending
            ? 'Taking you to payment…'
            : split.rest === 0
              ? 'Place order with store credit'
              : `Pay ${formatPrice(split.rest, cart.currency)}`}
        </button>
        <p className="muted small">
          {split.rest === 0 ? 'Your store credit pays for all of it.' : 'You pay on a secure payment page next.'}
        </p>
      </div>
    </form>
  )
}
