import type { ReactNode } from 'react'
import { Link, Redirect, useLocation } from 'wouter'
import { api } from './api.ts'
import { ToastProvider } from './toast.tsx'
import { useApi } from './use-api.ts'
import './portal.css'

/** The frame of a signed-in area: brand, tabs, something on the right, and log out. */
export function Shell(props: {
  area: 'admin' | 'ambassador'
  /** `section`: the tab is also current on every page under it, even when its href is the area's root. */
  tabs: { href: string; label: string; section?: boolean }[]
  aside?: ReactNode
  children: ReactNode
}) {
  const [location, navigate] = useLocation()
  // The admin panel's many tabs and wide tables get a wider page: the tabs then fit in one row on a laptop.
  const manyTabs = props.tabs.length > 8
  async function logOut() {
    await api('POST', `/api/${props.area}/logout`).catch(() => {})
    navigate(`~/${props.area}/login`)
  }
  return (
    <ToastProvider>
      <div className="portal">
        <header className="portal-header">
          <div className={manyTabs ? 'portal-bar page wide many-tabs' : 'portal-bar page'}>
            <strong className="brand">Ambassador{props.area === 'admin' ? ' · Admin' : ''}</strong>
            <nav aria-label={props.area === 'admin' ? 'Admin panel' : 'Ambassador portal'}>
              {props.tabs.map((tab) => (
                <Link
                  key={tab.href}
                  href={tab.href}
                  className="tab"
                  aria-current={tab.section || isCurrent(location, tab.href) ? 'page' : undefined}
                >
                  {tab.label}
                </Link>
              ))}
            </nav>
            {props.aside}
            <button type="button" className="button secondary logout" onClick={logOut}>
              Log out
            </button>
          </div>
        </header>
        <main className={manyTabs ? 'page wide' : 'page'}>{props.children}</main>
      </div>
    </ToastProvider>
  )
}

/** The error of a failed load, with a way to try again. */
export function LoadError({ message, retry }: { message: string; retry(): void }) {
  return (
    <p className="alert error" role="alert">
      {message}{' '}
      <button type="button" className="button secondary small-button" onClick={retry}>
        Try again
      </button>
    </p>
  )
}

/** A tab is current on its own page and on the pages under it (an ambassador under Ambassadors). */
function isCurrent(location: string, href: string): boolean {
  return location === href || (href !== '/' && location.startsWith(`${href}/`))
}

/**
 * What only a signed-in account of `area` may see: `children` gets the account (and a way to reload it); anyone
 * else is sent to `signIn`, and a failure to ask shows a retry.
 */
export function SignedIn<Account>(props: {
  area: 'admin' | 'ambassador' | 'store'
  signIn: string
  children(account: Account, reload: () => void): ReactNode
}) {
  const { loaded, reload } = useApi<Account>(`/api/${props.area}/user`)
  if (loaded.state === 'loading') return <main className="page" aria-busy="true" />
  if (loaded.state === 'failed') {
    if (loaded.error.status === 401 || loaded.error.status === 403) return <Redirect to={props.signIn} />
    return (
      <main className="page narrow">
        <LoadError message={loaded.error.message} retry={reload} />
      </main>
    )
  }
  return props.children(loaded.data, reload)
}

/** The headline figures of a page, as a row of cards. */
export function Kpis({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <div className="kpis">
      {items.map(([label, value]) => (
        <div key={label} className="card kpi">
          <span className="muted">{label}</span>
          <strong>{value}</strong>
        </div>
      ))}
    </div>
  )
}
