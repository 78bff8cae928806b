/** A signed-in shopper's saved addresses at checkout and in their account, kept apart from React to test on its own. */

import type { SavedAddress } from '@ambassador/contracts/http'
import { MAX_SAVED_ADDRESSES } from '@ambassador/contracts/limits'
import { type Customer, EMPTY_CUSTOMER, validateCustomer } from './order.ts'

export type { SavedAddress }
export { MAX_SAVED_ADDRESSES }

/** Where an order ships: the recipient and the address (the checkout form less the email). */
export type AddressFields = Omit<Customer, 'email'>
export const ADDRESS_FIELDS: (keyof AddressFields)[] = ['first_name', 'last_name', 'address', 'city', 'zip', 'country']
export const EMPTY_ADDRESS: AddressFields = addressFieldsOf(EMPTY_CUSTOMER)

/** Who is signed in, as `GET /api/store/user` answers. */
export type ShopperUser = { first_name: string; last_name: string; email: string }
/** What checkout knows of a signed-in shopper: who they are and where they have had orders sent. */
export type ShopperDetails = { user: ShopperUser; addresses: SavedAddress[] }

export function addressFieldsOf(from: AddressFields): AddressFields {
  return Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, from[field]])) as AddressFields
}

/** The fields trimmed, as the server keeps them. */
export function trimmedAddress(from: AddressFields): AddressFields {
  return Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, from[field].trim()])) as AddressFields
}

/** The checkout form of a signed-in shopper: their email, and their default address (or else their name). */
export function prefilledCustomer({ user, addresses }: ShopperDetails): Customer {
  const preferred = addresses.find((address) => address.is_default) ?? addresses[0]
  const base = { ...EMPTY_CUSTOMER, first_name: user.first_name, last_name: user.last_name, email: user.email }
  return preferred ? withAddress(base, preferred) : base
}

/** The form with a saved address's recipient and address in it (the email stays). */
export function withAddress(customer: Customer, address: AddressFields): Customer {
  return { ...customer, ...addressFieldsOf(address) }
}

/** The form with the address cleared for a new one, the recipient back to the shopper. */
export function withNewAddress(customer: Customer, user: ShopperUser): Customer {
  return { ...customer, ...EMPTY_ADDRESS, first_name: user.first_name, last_name: user.last_name }
}

/** The saved address the form holds word for word (spaces around aside), if it holds one. */
export function savedAddressIn(addresses: SavedAddress[], customer: Customer): SavedAddress | undefined {
  const typed = trimmedAddress(customer)
  return addresses.find((address) => ADDRESS_FIELDS.every((field) => address[field] === typed[field]))
}

/** Whether nothing has been typed in the form yet (then a signed-in shopper's details may fill it). */
export function isBlank(customer: Customer): boolean {
  return Object.values(customer).every((value) => value.trim() === '')
}

/** One line naming an address for a list to pick from: the street first, as a narrow screen shows only the start. */
export function describeAddress(address: AddressFields): string {
  return `${address.address}, ${address.zip} ${address.city}, ${address.country} (${address.first_name} ${address.last_name})`
}

/** What is wrong with each field of an address: the checkout form's rules, less the email. */
export function validateAddress(fields: AddressFields): Partial<Record<keyof AddressFields, string>> {
  const { email: _email, ...problems } = validateCustomer({ ...fields, email: 'shopper@example.com' })
  return problems
}

/** Whether someone may be signed in on this browser: the server sets `signed_in=1` beside the session cookie. */
export function mayBeSignedIn(cookies: string): boolean {
  return cookies.split(';').some((cookie) => cookie.trim() === 'signed_in=1')
}
