import type { ShopperOrderSummary } from '@ambassador/contracts/http'
import type { Static } from 'typebox'
import { Route, Switch } from 'wouter'
import { ForgotPasswordPage, ResetPasswordPage } from '../password-reset-pages.tsx'
import { SignedIn } from '../shell.tsx'
import { ShopFrame } from '../shop/shop-frame.tsx'
import { AccountPage } from './account-page.tsx'
import { AddressesPage } from './addresses-page.tsx'
import { MagicLinkPage } from './magic-link-page.tsx'
import { OrderPage } from './order-page.tsx'
import { RegisterPage } from './register-page.tsx'
import { SecurityPage } from './security-page.tsx'
import { SignInPage } from './sign-in-page.tsx'
import './account.css'

export type Shopper = { id: string; first_name: string; last_name: string; email: string }
export type OrderSummary = Static<typeof ShopperOrderSummary>

/** A shopper's own corner of the shop: signing in (password, emailed link, provider, passkey), orders, addresses, security. */
export default function AccountArea() {
  return (
    <ShopFrame>
      <Switch>
        <Route path="/sign-in" component={SignInPage} />
        <Route path="/register" component={RegisterPage} />
        <Route path="/magic" component={MagicLinkPage} />
        <Route path="/forgot-password">
          <ForgotPasswordPage area="store" />
        </Route>
        <Route path="/reset-password">
          <ResetPasswordPage area="store" />
        </Route>
        <Route>
          <SignedIn<Shopper> area="store" signIn={`/sign-in?next=${encodeURIComponent(window.location.pathname)}`}>
            {(shopper) => (
              <Switch>
                <Route path="/">
                  <AccountPage shopper={shopper} />
                </Route>
                <Route path="/orders/:id">{(params) => <OrderPage id={params.id} />}</Route>
                <Route path="/security" component={SecurityPage} />
                <Route path="/addresses" component={AddressesPage} />
              </Switch>
            )}
          </SignedIn>
        </Route>
      </Switch>
    </ShopFrame>
  )
}
