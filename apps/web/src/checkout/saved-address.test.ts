import { describe, expect, it } from 'vitest'
import { EMPTY_CUSTOMER } from './order.ts'
import {
  isBlank,
  mayBeSignedIn,
  prefilledCustomer,
  type SavedAddress,
  savedAddressIn,
  validateAddress,
  withAddress,
  withNewAddress,
} from './saved-address.ts'

const user = { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com' }
const home: SavedAddress = {
  id: 'home',
  first_name: 'Grace',
  last_name: 'Hopper',
  address: '1 Harbour St',
  city: 'Arlington',
  zip: '22201',
  country: 'USA',
  is_default: false,
}
const office: SavedAddress = {
  ...home,
  id: 'office',
  first_name: 'Admiral',
  address: '2 Navy Yard',
  city: 'Washington',
  zip: '20374',
  is_default: true,
}

describe('a signed-in shopper’s checkout form', () => {
  it('is filled with their email and their default address, its recipient included', () => {
    expect(prefilledCustomer({ user, addresses: [home, office] })).toEqual({
      first_name: 'Admiral',
      last_name: 'Hopper',
      email: 'grace@example.com',
      address: '2 Navy Yard',
      city: 'Washington',
      zip: '20374',
      country: 'USA',
    })
  })

  it('is filled with their name and email alone when they have saved no address', () => {
    expect(prefilledCustomer({ user, addresses: [] })).toEqual({ ...EMPTY_CUSTOMER, ...user })
  })

  it('knows which saved address it holds, spaces around aside, and none once a field changes', () => {
    const form = withAddress({ ...EMPTY_CUSTOMER, email: user.email }, home)
    expect(savedAddressIn([home, office], form)?.id).toBe('home')
    expect(savedAddressIn([home, office], { ...form, city: ' Arlington ' })?.id).toBe('home')
    expect(savedAddressIn([home, office], { ...form, zip: '22202' })).toBeUndefined()
  })

  it('keeps the email when another address is picked, and clears the address for a new one', () => {
    const form = withAddress({ ...EMPTY_CUSTOMER, email: user.email }, office)
    expect(withAddress(form, home)).toMatchObject({ email: user.email, first_name: 'Grace', address: '1 Harbour St' })
    expect(withNewAddress(form, user)).toEqual({ ...EMPTY_CUSTOMER, ...user })
  })

  it('is only filled in while nothing was typed in it', () => {
    expect(isBlank(EMPTY_CUSTOMER)).toBe(true)
    expect(isBlank({ ...EMPTY_CUSTOMER, city: ' ' })).toBe(true)
    expect(isBlank({ ...EMPTY_CUSTOMER, zip: '1' })).toBe(false)
  })
})

describe('an address to save', () => {
  it('follows the checkout form’s rules, without asking for an email', () => {
    expect(validateAddress(home)).toEqual({})
    expect(validateAddress({ ...home, city: ' ', zip: '1'.repeat(21) })).toEqual({
      city: 'Please enter your city',
      zip: 'ZIP / postal code is too long (at most 20 characters)',
    })
  })
})

describe('whether to ask who is signed in', () => {
  it('asks only when the server left its signed-in hint on this browser', () => {
    expect(mayBeSignedIn('')).toBe(false)
    expect(mayBeSignedIn('cart=abc; theme=dark')).toBe(false)
    expect(mayBeSignedIn('cart=abc; signed_in=1')).toBe(true)
    expect(mayBeSignedIn('signed_in=1')).toBe(true)
    expect(mayBeSignedIn('not_signed_in=1; signed_in=0')).toBe(false)
  })
})
