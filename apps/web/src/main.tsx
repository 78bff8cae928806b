import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { Route, Switch } from 'wouter'
import './base.css'

// Each page is its own chunk: a shopper opening a link downloads the checkout and nothing else.
const Home = lazy(() => import('./home.tsx'))
const Checkout = lazy(() => import('./checkout/checkout-page.tsx'))
const Success = lazy(() => import('./checkout/success-page.tsx'))
const Cancelled = lazy(() => import('./checkout/cancelled-page.tsx'))
const Shop = lazy(() => import('./shop/catalog-page.tsx'))
const ShopProduct = lazy(() => import('./shop/product-page.tsx'))
const Cart = lazy(() => import('./shop/cart-page.tsx'))
const Track = lazy(() => import('./track/track-page.tsx'))
const Account = lazy(() => import('./account/index.tsx'))
const NotFound = lazy(() => import('./not-found.tsx'))
const Ambassador = lazy(() => import('./ambassador/index.tsx'))
const Admin = lazy(() => import('./admin/index.tsx'))
const Mailbox = lazy(() => import('./mailbox/index.tsx'))

function App() {
  return (
    <Suspense fallback={null}>
      <Switch>
        <Route path="/" component={Home} />
        <Route path="/c/:code">{(params) => <Checkout code={params.code} />}</Route>
        <Route path="/shop" component={Shop} />
        <Route path="/shop/p/:slug">{(params) => <ShopProduct slug={params.slug} />}</Route>
        <Route path="/cart" component={Cart} />
        <Route path="/track" component={Track} />
        <Route path="/success" component={Success} />
        <Route path="/error" component={Cancelled} />
        <Route path="/account" nest>
          <Account />
        </Route>
        <Route path="/admin" nest>
          <Admin />
        </Route>
        <Route path="/mailbox" nest>
          <Mailbox />
        </Route>
        <Route path="/ambassador" nest>
          <Ambassador />
        </Route>
        <Route component={NotFound} />
      </Switch>
    </Suspense>
  )
}

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
