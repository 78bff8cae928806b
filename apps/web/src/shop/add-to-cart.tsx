import type { StoreProduct } from '@ambassador/contracts/http'
import { useState } from 'react'
import { useToast } from '../toast.tsx'
import { addToCart } from './cart-store.ts'

/**
 * "Add to cart" for one product; its accessible name goes on to say which ("Add to cart: Trail Mug"), for lists
 * of many. A product out of stock cannot be added. While the cart answers, the button stays focusable
 * (aria-disabled) so keyboard focus is not lost.
 */
export function AddToCartButton(props: { product: StoreProduct; quantity?: number; className?: string }) {
  const notify = useToast()
  const [adding, setAdding] = useState(false)
  const quantity = props.quantity ?? 1

  async function add() {
    if (adding) return
    setAdding(true)
    try {
      await addToCart(props.product.id, quantity)
      notify(
        quantity === 1
          ? `${props.product.title} added to your cart`
          : `${quantity} × ${props.product.title} added to your cart`,
      )
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'error')
    } finally {
      setAdding(false)
    }
  }

  return (
    <button
      type="button"
      className={`button ${props.className ?? ''}`}
      disabled={!props.product.in_stock}
      aria-disabled={adding || undefined}
      aria-label={`Add to cart: ${props.product.title}`}
      onClick={add}
    >
      {adding ? 'Adding…' : 'Add to cart'}
    </button>
  )
}
