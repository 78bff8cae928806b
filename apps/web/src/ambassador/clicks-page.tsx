import { ClickStatsPanel } from '../click-stats.tsx'

/** What the ambassador's links brought: clicks, visitors, orders and conversion, per day, link, source and country. */
export function ClicksPage() {
  return (
    <section aria-labelledby="clicks-title">
      <h1 id="clicks-title">Clicks</h1>
      <p className="muted">
        Every time someone opens one of your links we count a click (bots and link previews are left out). Orders are
        the purchases credited to you, whether the shopper bought at once or came back later.
      </p>
      <ClickStatsPanel path="/api/ambassador/clicks/stats" />
    </section>
  )
}
