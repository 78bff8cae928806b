import type { ReactNode } from 'react'
import { Link } from 'wouter'
import { useBrowserLocation } from 'wouter/use-browser-location'
import { ToastProvider } from '../toast.tsx'
import { useCart } from './cart-store.ts'
import '../checkout/checkout.css'
import './shop.css'

/** The frame of every shop page: the store's name, a way back to the products, and the cart with its count. */
export function ShopFrame({ children }: { children: ReactNode }) {
  // The whole path, not the nested router's: this frame also wraps the account pages under /account.
  const [location] = useBrowserLocation()
  return (
    <ToastProvider>
      <div className="shop">
        <header className="shop-header">
          <div className="page shop-bar">
            <Link href="~/shop" className="shop-brand">
              Ambassador <span className="muted">Shop</span>
            </Link>
            <nav aria-label="Shop">
              <Link
                href="~/account"
                className="cart-link"
                aria-current={location.startsWith('/account') ? 'page' : undefined}
              >
                Account
              </Link>
              <CartLink />
            </nav>
          </div>
        </header>
        {children}
      </div>
    </ToastProvider>
  )
}

function CartLink() {
  const { cart } = useCart()
  const [location] = useBrowserLocation()
  const count = cart?.item_count
  return (
    <Link href="~/cart" className="cart-link" aria-current={location === '/cart' ? 'page' : undefined}>
      <CartIcon />
      Cart{' '}
      {count !== undefined && (
        <span className="cart-count">
          {count}
          <span className="visually-hidden"> {count === 1 ? 'item' : 'items'}</span>
        </span>
      )}
    </Link>
  )
}

function CartIcon() {
  return (
    <svg className="cart-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d="M3 4h2l2.4 11.2a1 1 0 0 0 1 .8h9.2a1 1 0 0 0 1-.8L20 8H6.2M9 20a1 1 0 1 0 0 .01M17 20a1 1 0 1 0 0 .01"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}

/** The error of a failed load, with a way to try again. */
export function LoadFailed({ message, retry }: { message: string; retry(): void }) {
  return (
    <div className="alert error" role="alert">
      <p>{message}</p>
      <button type="button" className="button secondary" onClick={retry}>
        Try again
      </button>
    </div>
  )
}
