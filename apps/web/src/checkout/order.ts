/** What the checkout page knows and computes, kept apart from React so it can be tested on its own. */

import type { CheckoutLink, Product } from '@ambassador/contracts/http'
import { MAX_QUANTITY } from '@ambassador/contracts/limits'

export type { CheckoutLink, Product }
export { MAX_QUANTITY }
export type Customer = {
  first_name: string
  last_name: string
  email: string
  address: string
  city: string
  zip: string
  country: string
}

/** What browsers may fill each field of the shipping form with. */
export const CUSTOMER_AUTOCOMPLETE: Record<keyof Customer, string> = {
  first_name: 'given-name',
  last_name: 'family-name',
  email: 'email',
  address: 'street-address',
  city: 'address-level2',
  zip: 'postal-code',
  country: 'country-name',
}
export type Quantities = Record<string, number>

export const EMPTY_CUSTOMER: Customer = {
  first_name: '',
  last_name: '',
  email: '',
  address: '',
  city: '',
  zip: '',
  country: '',
}

/** The lines the customer picked (quantity above 0), with their totals in cents. */
export function orderLines(products: Product[], quantities: Quantities) {
  return products
    .map((product) => {
      const quantity = quantities[product.id] ?? 0
      return { product, quantity, totalCents: toCents(product.price) * quantity }
    })
    .filter((line) => line.quantity > 0)
}

export function orderTotalCents(products: Product[], quantities: Quantities): number {
  return orderLines(products, quantities).reduce((sum, line) => sum + line.totalCents, 0)
}

/** A price from the API (major units, at most 2 decimals) in whole cents, without float drift. */
export function toCents(price: number): number {
  return Math.round(price * 100)
}

export function formatCents(cents: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100)
}

export function clampQuantity(value: number): number {
  if (!Number.isFinite(value)) return 0
  return Math.min(MAX_QUANTITY, Math.max(0, Math.trunc(value)))
}

const LABELS: Record<keyof Customer, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  address: 'Address',
  city: 'City',
  zip: 'ZIP / postal code',
  country: 'Country',
}
const LIMITS: Record<keyof Customer, number> = {
  first_name: 100,
  last_name: 100,
  email: 254,
  address: 200,
  city: 100,
  zip: 20,
  country: 100,
}

/** What is wrong with each field, in words a shopper understands; empty when the form can be sent. */
export function validateCustomer(customer: Customer): Partial<Record<keyof Customer, string>> {
  const errors: Partial<Record<keyof Customer, string>> = {}
  for (const field of Object.keys(LABELS) as (keyof Customer)[]) {
    const value = customer[field].trim()
    if (value === '') errors[field] = `Please enter your ${LABELS[field].toLowerCase()}`
    else if (value.length > LIMITS[field])
      errors[field] = `${LABELS[field]} is too long (at most ${LIMITS[field]} characters)`
  }
  if (!errors.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customer.email.trim())) {
    errors.email = 'Please enter an email address like name@example.com'
  }
  return errors
}

export function fieldLabel(field: keyof Customer): string {
  return LABELS[field]
}
