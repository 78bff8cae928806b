import { Link, Redirect, Route, Switch, useLocation } from 'wouter'
import { api } from '../api.ts'
import { formatCents, toCents } from '../checkout/order.ts'
import { useApi } from '../use-api.ts'
import './ambassador.css'
import { LoginPage, RegisterPage } from './auth-pages.tsx'
import { LinksPage } from './links-page.tsx'
import { type Me, MeContext } from './me.ts'
import { ProductsPage } from './products-page.tsx'
import { RankingsPage } from './rankings-page.tsx'

/** The ambassador portal: sign-in pages, and behind them products, links with their stats, and rankings. */
export default function AmbassadorArea() {
  return (
    <Switch>
      <Route path="/login" component={LoginPage} />
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
        <p className="alert error" role="alert">
          {loaded.error.message}
        </p>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </main>
    )
  }
  return (
    <MeContext.Provider value={{ me: loaded.data, refresh: reload }}>
      <Shell me={loaded.data}>
        <Switch>
          <Route path="/" component={ProductsPage} />
          <Route path="/links" component={LinksPage} />
          <Route path="/rankings" component={RankingsPage} />
          <Route>
            <Redirect to="/" />
          </Route>
        </Switch>
      </Shell>
    </MeContext.Provider>
  )
}

function Shell({ me, children }: { me: Me; children: React.ReactNode }) {
  const [location, navigate] = useLocation()
  const tabs = [
    { href: '/', label: 'Products' },
    { href: '/links', label: 'My links' },
    { href: '/rankings', label: 'Rankings' },
  ]
  async function logOut() {
    await api('POST', '/api/ambassador/logout').catch(() => {})
    navigate('/login')
  }
  return (
    <div className="portal">
      <header className="portal-header">
        <div className="portal-bar page">
          <strong className="brand">Ambassador</strong>
          <nav aria-label="Ambassador portal">
            {tabs.map((tab) => (
              <Link
                key={tab.href}
                href={tab.href}
                className="tab"
                aria-current={location === tab.href ? 'page' : undefined}
              >
                {tab.label}
              </Link>
            ))}
          </nav>
          <div className="earnings" title="Total commission earned">
            <span className="muted">Earned</span> <strong>{formatCents(toCents(me.revenue))}</strong>
          </div>
          <button type="button" className="button secondary" onClick={logOut}>
            Log out
          </button>
        </div>
      </header>
      <main className="page">{children}</main>
    </div>
  )
}
