import { type Dispatch, type SetStateAction, useEffect, useState } from 'react'
import { api } from '../api.ts'
import type { Customer } from './order.ts'
import {
  describeAddress,
  isBlank,
  MAX_SAVED_ADDRESSES,
  mayBeSignedIn,
  prefilledCustomer,
  type SavedAddress,
  type ShopperDetails,
  type ShopperUser,
  savedAddressIn,
  trimmedAddress,
  withAddress,
  withNewAddress,
} from './saved-address.ts'
import './saved-addresses.css'

/**
 * A checkout form's signed-in shopper: fills the form with their email and default address once they are known
 * (unless something was typed already), offers their other saved addresses, and saves a new one when asked. For a
 * guest it stays out of the way: a 401 from `/api/store/user` only means nobody is signed in.
 */
export function useShopperCheckout(setCustomer: Dispatch<SetStateAction<Customer>>) {
  const [details, setDetails] = useState<ShopperDetails>()
  const [saveAddress, setSaveAddress] = useState(false)

  useEffect(() => {
    let current = true
    void loadShopperDetails().then((found) => {
      if (!current || !found) return
      setDetails(found)
      setCustomer((customer) => (isBlank(customer) ? prefilledCustomer(found) : customer))
    })
    return () => {
      current = false
    }
  }, [setCustomer])

  /** Before the order is placed: keeps the address the shopper asked to save (the server's refusal is thrown). */
  async function saveIfAsked(customer: Customer) {
    if (!details || !saveAddress || savedAddressIn(details.addresses, customer)) return
    const saved = await api<SavedAddress>('POST', '/api/store/addresses', trimmedAddress(customer))
    setDetails({ ...details, addresses: [...details.addresses, saved] })
    setSaveAddress(false)
  }

  return { details, saveAddress, setSaveAddress, saveIfAsked }
}

async function loadShopperDetails(): Promise<ShopperDetails | undefined> {
  // Nobody signed in on this browser (the server's hint cookie is absent): a guest, without asking.
  if (!mayBeSignedIn(document.cookie)) return undefined
  try {
    const user = await api<ShopperUser>('GET', '/api/store/user')
    // Without the addresses the form still gets the shopper's name and email.
    const addresses = await api<SavedAddress[]>('GET', '/api/store/addresses').catch(() => [])
    return { user, addresses }
  } catch {
    // A guest (401), someone signed in to another area (403), or the account could not be read: the plain form.
    return undefined
  }
}

/** "Ship to": the shopper's saved addresses, or a new one; picking one fills the form with it. */
export function SavedAddressPicker(props: {
  details: ShopperDetails | undefined
  customer: Customer
  onPick(customer: Customer): void
}) {
  const { details, customer } = props
  if (!details || details.addresses.length === 0) return null
  const picked = savedAddressIn(details.addresses, customer)
  function pick(id: string) {
    const address = details?.addresses.find((a) => a.id === id)
    if (!details) return
    props.onPick(address ? withAddress(customer, address) : withNewAddress(customer, details.user))
  }
  return (
    <div className="field ship-to">
      <label htmlFor="ship-to">Ship to</label>
      <select id="ship-to" value={picked?.id ?? 'new'} onChange={(e) => pick(e.target.value)}>
        {details.addresses.map((address) => (
          <option key={address.id} value={address.id}>
            {address.is_default ? 'Default: ' : ''}
            {describeAddress(address)}
          </option>
        ))}
        <option value="new">A new address</option>
      </select>
    </div>
  )
}

/** "Save this address to my account", for an address the signed-in shopper has not saved yet (and has room for). */
export function SaveAddressChoice(props: {
  details: ShopperDetails | undefined
  customer: Customer
  checked: boolean
  onChange(checked: boolean): void
}) {
  const { details } = props
  if (!details || savedAddressIn(details.addresses, props.customer)) return null
  if (details.addresses.length >= MAX_SAVED_ADDRESSES) return null
  return (
    <label className="save-address">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      Save this address to my account
    </label>
  )
}
