import { useEffect, useSyncExternalStore } from 'react'
import { ApiError, api } from '../api.ts'
import type { Cart } from './cart.ts'

/**
 * The shopper's cart, shared by every shop page (the header's count, the catalog's buttons, the cart page). The
 * server keeps it (by an httpOnly cookie) and answers every change with the whole cart, which replaces ours.
 */
type CartState = { cart?: Cart; error?: ApiError }

let state: CartState = {}
const listeners = new Set<() => void>()
// Answers may come back out of order: one that was asked before the last one applied is stale.
let asked = 0
let applied = 0

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

// Changes go one after another: a shopper without a cart yet who adds two products at once would otherwise get two
// carts (each answer setting its own cookie), and the first product would be lost with the first cookie.
let changes: Promise<unknown> = Promise.resolve()

async function ask(method: string, path: string, body?: unknown): Promise<Cart> {
  const ticket = ++asked
  const request = method === 'GET' ? api<Cart>(method, path, body) : changes.then(() => api<Cart>(method, path, body))
  if (method !== 'GET') changes = request.catch(() => {})
  const cart = await request
  if (ticket > applied) {
    applied = ticket
    state = { cart }
    for (const listener of listeners) listener()
  }
  return cart
}

let loading = false

/** Fetches the cart again (once, however many parts of the page ask); a failure is kept for the pages to show. */
export function loadCart(): void {
  if (loading) return
  loading = true
  ask('GET', '/api/store/cart')
    .catch((error: unknown) => {
      state = { ...state, error: error instanceof ApiError ? error : new ApiError(0, String(error)) }
      for (const listener of listeners) listener()
    })
    .finally(() => {
      loading = false
    })
}

/** The cart as last answered, fetched afresh when a page opens. */
export function useCart(): CartState {
  useEffect(loadCart, [])
  return useSyncExternalStore(subscribe, () => state)
}

export const addToCart = (productId: string, quantity: number) =>
  ask('POST', '/api/store/cart/lines', { product_id: productId, quantity })

export const setLineQuantity = (productId: string, quantity: number) =>
  ask('PUT', `/api/store/cart/lines/${encodeURIComponent(productId)}`, { quantity })

export const removeLine = (productId: string) => ask('DELETE', `/api/store/cart/lines/${encodeURIComponent(productId)}`)

export const applyCoupon = (code: string) => ask('PUT', '/api/store/cart/coupon', { code })

export const removeCoupon = () => ask('DELETE', '/api/store/cart/coupon')
