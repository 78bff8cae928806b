import { Redirect, Route, Switch } from 'wouter'
import { LoginPage, RegisterPage } from '../auth-pages.tsx'
import { formatCents, toCents } from '../checkout/order.ts'
import { ForgotPasswordPage, ResetPasswordPage } from '../password-reset-pages.tsx'
import { ProfilePage } from '../profile-page.tsx'
import { Shell, SignedIn } from '../shell.tsx'
import { ClicksPage } from './clicks-page.tsx'
import { EarningsPage } from './earnings-page.tsx'
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
      <Route path="/forgot-password">
        <ForgotPasswordPage area="ambassador" />
      </Route>
      <Route path="/reset-password">
        <ResetPasswordPage area="ambassador" />
      </Route>
      <Route path="/register" component={RegisterPage} />
      <Route>
        <SignedIn<Me> area="ambassador" signIn="/login">
          {(me, reload) => <Portal me={me} reload={reload} />}
        </SignedIn>
      </Route>
    </Switch>
  )
}

function Portal({ me, reload }: { me: Me; reload(): void }) {
  return (
    <MeContext.Provider value={{ me, refresh: reload }}>
      <Shell
        area="ambassador"
        tabs={[
          { href: '/', label: 'Products' },
          { href: '/links', label: 'My links' },
          { href: '/clicks', label: 'Clicks' },
          { href: '/earnings', label: 'Earnings' },
          { href: '/rankings', label: 'Rankings' },
          { href: '/profile', label: 'Profile' },
        ]}
        aside={
          <div className="earnings" title="Total commission earned">
            <span className="muted">Earned</span> <strong>{formatCents(toCents(me.revenue))}</strong>
          </div>
        }
      >
        <Switch>
          <Route path="/" component={ProductsPage} />
          <Route path="/links" component={LinksPage} />
          <Route path="/clicks" component={ClicksPage} />
          <Route path="/earnings" component={EarningsPage} />
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
