import { Redirect, Route, Switch } from 'wouter'
import { LoginPage, RegisterPage } from '../auth-pages.tsx'
import { formatCents, toCents } from '../checkout/order.ts'
import { ProfilePage } from '../profile-page.tsx'
import { LoadError, Shell } from '../shell.tsx'
import { useApi } from '../use-api.ts'
import { LinksPage } from './links-page.tsx'
import { type Me, MeContext } from './me.ts'
import { ProductsPage } from './products-page.tsx'
import { RankingsPage } from './rankings-page.tsx'

/** The ambassador portal: sign-in pages, and behind them products, links with their stats, and rankings. */
export default function AmbassadorArea() {
  return (
    <Switch>
      <Route path="/login">
        <LoginPage area="ambassador" />
      </Route>
      <Route path="/register" component={RegisterPage} />
      <Route>
        <SignedIn />
      </Route>
    </Switch>
  )
}

function SignedIn() {
  const { loaded, reload } = useApi<Me>('/api/ambassador/user')
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
    <MeContext.Provider value={{ me: loaded.data, refresh: reload }}>
      <Shell
        area="ambassador"
        tabs={[
          { href: '/', label: 'Products' },
          { href: '/links', label: 'My links' },
          { href: '/rankings', label: 'Rankings' },
          { href: '/profile', label: 'Profile' },
        ]}
        aside={
          <div className="earnings" title="Total commission earned">
            <span className="muted">Earned</span> <strong>{formatCents(toCents(loaded.data.revenue))}</strong>
          </div>
        }
      >
        <Switch>
          <Route path="/" component={ProductsPage} />
          <Route path="/links" component={LinksPage} />
          <Route path="/rankings" component={RankingsPage} />
          <Route path="/profile">
            <ProfilePage area="ambassador" onSaved={reload} />
          </Route>
          <Route>
            <Redirect to="/" />
          </Route>
        </Switch>
      </Shell>
    </MeContext.Provider>
  )
}
