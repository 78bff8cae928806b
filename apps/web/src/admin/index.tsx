import { Redirect, Route, Switch } from 'wouter'
import { LoginPage } from '../auth-pages.tsx'
import { ForgotPasswordPage, ResetPasswordPage } from '../password-reset-pages.tsx'
import { ProfilePage } from '../profile-page.tsx'
import { Shell, SignedIn } from '../shell.tsx'
import { AmbassadorPage } from './ambassador-page.tsx'
import { AmbassadorsPage } from './ambassadors-page.tsx'
import { CategoriesPage } from './categories-page.tsx'
import { CommissionRulesPage } from './commission-rules-page.tsx'
import { CouponsPage } from './coupons-page.tsx'
import { DashboardPage } from './dashboard-page.tsx'
import { EmailsPage } from './emails-page.tsx'
import { FulfilmentPage } from './fulfilment-page.tsx'
import { OrderPage } from './order-page.tsx'
import { OrdersPage } from './orders-page.tsx'
import { PayoutsPage } from './payouts-page.tsx'
import { ProductsPage } from './products-page.tsx'
import { WebhooksPage } from './webhooks-page.tsx'

/** The admin panel: the catalog (products, categories, stock, coupons), orders, ambassadors and the mail that went out. */
export default function AdminArea() {
  return (
    <Switch>
      <Route path="/login">
        <LoginPage area="admin" />
      </Route>
      <Route path="/forgot-password">
        <ForgotPasswordPage area="admin" />
      </Route>
      <Route path="/reset-password">
        <ResetPasswordPage area="admin" />
      </Route>
      <Route>
        <SignedIn area="admin" signIn="/login">
          {() => <AdminPanel />}
        </SignedIn>
      </Route>
    </Switch>
  )
}

function AdminPanel() {
  return (
    <Shell
      area="admin"
      tabs={[
        { href: '/', label: 'Dashboard' },
        { href: '/products', label: 'Products' },
        { href: '/categories', label: 'Categories' },
        { href: '/coupons', label: 'Coupons' },
        { href: '/commission-rules', label: 'Commission' },
        { href: '/orders', label: 'Orders' },
        { href: '/fulfilment', label: 'Fulfilment' },
        { href: '/ambassadors', label: 'Ambassadors' },
        { href: '/payouts', label: 'Payouts' },
        { href: '/emails', label: 'Emails' },
        { href: '/webhooks', label: 'Webhooks' },
        { href: '/profile', label: 'Profile' },
      ]}
    >
      <Switch>
        <Route path="/" component={DashboardPage} />
        <Route path="/products" component={ProductsPage} />
        <Route path="/categories" component={CategoriesPage} />
        <Route path="/coupons" component={CouponsPage} />
        <Route path="/commission-rules" component={CommissionRulesPage} />
        <Route path="/orders" component={OrdersPage} />
        <Route path="/orders/:id" component={OrderPage} />
        <Route path="/fulfilment" component={FulfilmentPage} />
        <Route path="/ambassadors" component={AmbassadorsPage} />
        <Route path="/ambassadors/:id" component={AmbassadorPage} />
        <Route path="/payouts" component={PayoutsPage} />
        <Route path="/emails" component={EmailsPage} />
        <Route path="/webhooks" component={WebhooksPage} />
        <Route path="/profile">
          <ProfilePage area="admin" />
        </Route>
        <Route>
          <Redirect to="/" />
        </Route>
      </Switch>
    </Shell>
  )
}
