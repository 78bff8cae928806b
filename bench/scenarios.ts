import type { Request } from './load.ts'

/** What a scenario must reach: a share of the same-size ceiling, and for some a p99 bound in milliseconds. */
export type Target = { ratio?: number; p99Ms?: number }

/** `connections`: how many clients at once when not the run's number (a single shopper's view, say). */
export type Scenario = { name: string; requests: Request[]; target: Target; connections?: number }

/** What the read scenarios need to know about the store under test. */
export type ReadFixture = {
  ambassadorToken: string
  adminToken: string
  ambassadorLogin: { email: string; password: string }
  codes: string[]
  searchTerms: string[]
  /** The shop's category slugs. */
  categories: string[]
  /** The web app's largest script (`/assets/<file>`), when the server serves one. */
  largestAsset?: string
  /** Whether the server serves the web app's pages (`/c/:code`). */
  pages: boolean
}

/** A phone's browser: what opens an ambassador's link (a request without a user agent counts as a bot's). */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

/** Sent by every browser; an API client that wants compressed answers sends it too. */
const ACCEPT = { 'accept-encoding': 'gzip, deflate, br', accept: 'application/json' }

const get = (path: string, headers: Record<string, string> = {}): Request => ({
  method: 'GET',
  path,
  headers: { ...ACCEPT, ...headers },
})

/** Every read scenario of the benchmark, with the issue's targets. */
export function readScenarios(fixture: ReadFixture, scaleName: string): Scenario[] {
  const ambassador = { authorization: `Bearer ${fixture.ambassadorToken}` }
  const admin = { authorization: `Bearer ${fixture.adminToken}` }
  const big = scaleName !== 'reference'
  const searches = fixture.searchTerms.flatMap((term) =>
    ['asc', 'desc'].flatMap((sort) =>
      [1, 2, 3].map((page) =>
        get(`/api/ambassador/products/backend?s=${encodeURIComponent(term)}&sort=${sort}&page=${page}`),
      ),
    ),
  )
  // Nearly 2,000 different shop searches, more than the cache keeps, in turn: nearly every one runs its queries.
  // One shopper at a time: what a search costs a shopper when nobody searched it before.
  const shopSearches = fixture.searchTerms.flatMap((term) =>
    ['', ...fixture.categories].flatMap((category) =>
      ['relevance', 'newest', 'price_asc', 'price_desc'].flatMap((sort) =>
        ['', '&max_price=50', '&min_price=20&max_price=200'].flatMap((price) =>
          [1, 2].map((page) =>
            get(
              `/api/store/products?q=${encodeURIComponent(term)}${category ? `&category=${category}` : ''}&sort=${sort}${price}&page=${page}`,
            ),
          ),
        ),
      ),
    ),
  )
  const scenarios: Scenario[] = [
    { name: 'products/frontend', requests: [get('/api/ambassador/products/frontend')], target: { ratio: 0.6 } },
    {
      name: 'products/backend s+sort+page',
      requests: searches,
      target: big ? { ratio: 0.4, p99Ms: 20 } : { ratio: 0.6 },
    },
    {
      name: 'store search, uncached, 1 shopper',
      requests: shopSearches,
      target: big ? { p99Ms: 20 } : {},
      connections: 1,
    },
    {
      // The shape of real traffic: many shoppers, most searches popular ones (page 1 of each term by each sort,
      // in each category), answered from the cache after the first time.
      name: 'store search, popular, many shoppers',
      requests: shopSearches.filter((request) => request.path.endsWith('&page=1') && !request.path.includes('_price=')),
      target: big ? { p99Ms: 20 } : {},
    },
    {
      name: 'checkout links/:code',
      requests: fixture.codes.map((code) => get(`/api/checkout/links/${code}`)),
      target: { ratio: 0.6 },
    },
    { name: 'ambassador stats', requests: [get('/api/ambassador/stats', ambassador)], target: { ratio: 0.3 } },
    { name: 'ambassador user', requests: [get('/api/ambassador/user', ambassador)], target: { ratio: 0.3 } },
    { name: 'rankings', requests: [get('/api/ambassador/rankings', ambassador)], target: { ratio: 0.3 } },
    {
      // The three boards in turn: each a SQL aggregate over its period's approved moves, kept 5 s in the cache.
      name: 'leaderboard week/month/all',
      requests: ['week', 'month', 'all'].map((period) =>
        get(`/api/ambassador/leaderboard?period=${period}`, ambassador),
      ),
      target: { ratio: 0.3 },
    },
    { name: 'admin orders?limit=50', requests: [get('/api/admin/orders?limit=50', admin)], target: { ratio: 0.3 } },
    {
      name: 'ambassador login',
      requests: [
        {
          method: 'POST',
          path: '/api/ambassador/login',
          headers: { ...ACCEPT, 'content-type': 'application/json' },
          body: JSON.stringify(fixture.ambassadorLogin),
        },
      ],
      target: {},
    },
  ]
  if (fixture.pages) {
    scenarios.push({
      name: 'GET /c/:code (page)',
      requests: fixture.codes.map((code) => ({
        method: 'GET',
        path: `/c/${code}`,
        headers: { 'accept-encoding': ACCEPT['accept-encoding'], 'user-agent': BROWSER_USER_AGENT },
      })),
      target: { ratio: 0.6 },
    })
  }
  if (fixture.largestAsset) {
    scenarios.push({
      name: 'largest JS asset',
      requests: [
        {
          method: 'GET',
          path: `/assets/${fixture.largestAsset}`,
          headers: { 'accept-encoding': ACCEPT['accept-encoding'] },
        },
      ],
      target: { ratio: 0.6 },
    })
  }
  return scenarios
}
