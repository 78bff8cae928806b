import { Redirect, Route, Switch } from 'wouter'
import { LoginPage } from '../auth-pages.tsx'
import { ProfilePage } from '../profile-page.tsx'
import { LoadError, Shell } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { AmbassadorPage } from './ambassador-page.tsx'
import { AmbassadorsPage } from './ambassadors-page.tsx'
import { DashboardPage } from './dashboard-page.tsx'
import { EmailsPage } from './emails-page.tsx'
import { OrdersPage } from './orders-page.tsx'
import { ProductsPage } from './products-page.tsx'

/** The admin panel: the catalog, orders, ambassadors and the mail that went out. */
export default function AdminArea() {
  return (
    <Switch>
      <Route path="/login">
        <LoginPage area="admin" />
      </Route>
      <Route>
        <SignedIn />
      </Route>
    </Switch>
  )
}

function SignedIn() {
  const { loaded, reload } = useApi<{ email: string }>('/api/admin/user') // signed in, or sent to the login page
  if (loaded.state === 'loading') return <main className="page" aria-busy="true" />
  if (loaded.state === 'failed') {
    if (loaded.error.status === 401 || loaded.error.status === 403) return <Redirect to="/login" />
    return (
      <main className="page narrow">
        <LoadError message={loaded.error.message} retry={reload} />
      </main>
    )
  }
  return (
    <Shell
      area="admin"
      tabs={[
        { href: '/', label: 'Dashboard' },
        { href: '/products', label: 'Products' },
        { href: '/orders', label: 'Orders' },
        { href: '/ambassadors', label: 'Ambassadors' },
        { href: '/emails', label: 'Emails' },
        { href: '/profile', label: 'Profile' },
      ]}
    >
      <Switch>
        <Route path="/" component={DashboardPage} />
        <Route path="/products" component={ProductsPage} />
        <Route path="/orders" component={OrdersPage} />
        <Route path="/ambassadors" component={AmbassadorsPage} />
        <Route path="/ambassadors/:id" component={AmbassadorPage} />
        <Route path="/emails" component={EmailsPage} />
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
