import { randomUUID } from 'node:crypto'
import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let asAdmin: ReturnType<typeof testClient>
let asAmbassador: ReturnType<typeof testClient>

beforeAll(async () => {
  platform = await startWholePlatform()
  asAdmin = testClient(platform.app)
  await asAdmin.post('/api/admin/login', TEST_ADMIN)
  asAmbassador = testClient(platform.app)
  const ambassador = {
    first_name: 'Sec',
    last_name: 'Test',
    email: 'sec@example.com',
    password: 'sec-password',
    password_confirm: 'sec-password',
  }
  await asAmbassador.post('/api/ambassador/register', ambassador)
  await asAmbassador.post('/api/ambassador/login', { email: ambassador.email, password: ambassador.password })
})
afterAll(() => platform?.close())

/** The only routes anyone may call without logging in. A new public route must be added here deliberately. */
const PUBLIC_ROUTES = [
  'GET /api/docs',
  'GET /api/users/openapi.json',
  'GET /api/admin/openapi.json',
  'GET /api/ambassador/openapi.json',
  'GET /api/checkout/openapi.json',
  'GET /api/email/openapi.json',
  'GET /api/media/openapi.json',
  'GET /api/store/openapi.json',
  'GET /api/notifications/openapi.json',
  'GET /api/analytics/openapi.json',
  'POST /api/admin/register',
  'POST /api/admin/login',
  'POST /api/ambassador/register',
  'POST /api/ambassador/login',
  'GET /api/ambassador/products/frontend',
  'GET /api/ambassador/products/backend',
  'GET /api/checkout/links/:code',
  'POST /api/checkout/orders',
  'POST /api/checkout/orders/confirm',
  'GET /api/checkout/test-provider/sessions/:id',
  'POST /api/checkout/test-provider/sessions/:id',
  'POST /api/checkout/webhooks/test-provider',
  'GET /api/store/products',
  'GET /api/store/products/:slug',
  'GET /api/store/categories',
  'GET /api/store/cart',
  'POST /api/store/cart/lines',
  'PUT /api/store/cart/lines/:product_id',
  'DELETE /api/store/cart/lines/:product_id',
  'PUT /api/store/cart/coupon',
  'DELETE /api/store/cart/coupon',
  'PUT /api/store/cart/referral',
  'POST /api/store/cart/checkout',
  'GET /api/store/track',
  'POST /api/store/register',
  'POST /api/store/login',
  'POST /api/store/magic-link',
  'POST /api/store/magic-link/check',
  'POST /api/store/magic-link/sign-in',
  'POST /api/admin/password-reset',
  'POST /api/admin/password-reset/confirm',
  'POST /api/ambassador/password-reset',
  'POST /api/ambassador/password-reset/confirm',
  'POST /api/store/password-reset',
  'POST /api/store/password-reset/confirm',
  'POST /api/store/passkeys/sign-in/options',
  'POST /api/store/passkeys/sign-in',
  'GET /api/store/oidc/providers',
  'GET /api/store/oidc/:provider/start',
  'GET /api/store/oidc/:provider/callback',
  'GET /api/users/health',
  'GET /api/admin/health',
  'GET /api/ambassador/health',
  'GET /api/checkout/health',
  'GET /api/email/health',
  'GET /api/media/health',
  'GET /api/store/health',
  'GET /api/notifications/health',
]

/** Every route of the API and who may call it. */
const ROUTE_TABLE = [
  'GET /api/notifications/channels admin',
  'POST /api/notifications/channels admin',
  'PATCH /api/notifications/channels/:id admin',
  'DELETE /api/notifications/channels/:id admin',
  'GET /api/notifications/channels/:id/deliveries admin',
  'GET /api/users/health public',
  'GET /api/admin/health public',
  'GET /api/ambassador/health public',
  'GET /api/checkout/health public',
  'GET /api/email/health public',
  'GET /api/media/health public',
  'GET /api/store/health public',
  'GET /api/notifications/health public',
  'POST /api/store/magic-link public',
  'POST /api/store/magic-link/check public',
  'POST /api/store/magic-link/sign-in public',
  'POST /api/admin/password-reset public',
  'POST /api/admin/password-reset/confirm public',
  'POST /api/ambassador/password-reset public',
  'POST /api/ambassador/password-reset/confirm public',
  'POST /api/store/password-reset public',
  'POST /api/store/password-reset/confirm public',
  'GET /api/docs public',
  'GET /api/users/openapi.json public',
  'GET /api/admin/openapi.json public',
  'GET /api/ambassador/openapi.json public',
  'GET /api/checkout/openapi.json public',
  'GET /api/email/openapi.json public',
  'GET /api/media/openapi.json public',
  'GET /api/store/openapi.json public',
  'GET /api/notifications/openapi.json public',
  'GET /api/analytics/openapi.json public',
  'POST /api/admin/register public',
  'POST /api/admin/login public',
  'GET /api/admin/user admin',
  'POST /api/admin/logout admin',
  'PUT /api/admin/users/info admin',
  'PUT /api/admin/users/password admin',
  'POST /api/ambassador/register public',
  'POST /api/ambassador/login public',
  'GET /api/ambassador/user ambassador',
  'POST /api/ambassador/logout ambassador',
  'PUT /api/ambassador/users/info ambassador',
  'PUT /api/ambassador/users/password ambassador',
  'GET /api/admin/products admin',
  'POST /api/admin/products admin',
  'GET /api/admin/products/:id admin',
  'PUT /api/admin/products/:id admin',
  'DELETE /api/admin/products/:id admin',
  'GET /api/admin/categories admin',
  'POST /api/admin/categories admin',
  'PUT /api/admin/categories/:id admin',
  'DELETE /api/admin/categories/:id admin',
  'GET /api/admin/ambassadors admin',
  'GET /api/admin/ambassadors/:id admin',
  'GET /api/admin/users/:id/links admin',
  'GET /api/admin/orders admin',
  'GET /api/admin/orders/:id admin',
  'PUT /api/admin/products/:id/stock admin',
  'GET /api/admin/inventory admin',
  'GET /api/admin/coupons admin',
  'POST /api/admin/coupons admin',
  'PATCH /api/admin/coupons/:id admin',
  'DELETE /api/admin/coupons/:id admin',
  'GET /api/admin/documents/:number admin',
  'POST /api/admin/orders/:id/refunds admin',
  'POST /api/admin/orders/:id/commission/restore admin',
  'GET /api/ambassador/coupons ambassador',
  'GET /api/ambassador/coupons/limits ambassador',
  'POST /api/ambassador/coupons ambassador',
  'DELETE /api/ambassador/coupons/:id ambassador',
  'GET /api/admin/vanity-codes/limits admin',
  'PUT /api/admin/vanity-codes/limits admin',
  'POST /api/admin/orders/:id/fulfil admin',
  'POST /api/admin/orders/:id/deliver admin',
  'POST /api/admin/orders/:id/ship admin',
  'POST /api/admin/orders/fulfilment admin',
  'GET /api/admin/orders/fulfilment admin',
  'GET /api/admin/summary admin',
  'GET /api/ambassador/products/frontend public',
  'GET /api/ambassador/products/backend public',
  'POST /api/ambassador/links ambassador',
  'GET /api/ambassador/links ambassador',
  'GET /api/ambassador/stats ambassador',
  'GET /api/ambassador/stats/daily ambassador',
  'GET /api/ambassador/rankings ambassador',
  'GET /api/ambassador/ledger ambassador',
  'GET /api/ambassador/ledger/entries ambassador',
  'GET /api/admin/ambassadors/:id/ledger admin',
  'GET /api/admin/ambassadors/:id/ledger/entries admin',
  'POST /api/admin/ambassadors/:id/ledger/adjustments admin',
  'GET /api/ambassador/commissions/:order_item_id/explain ambassador',
  'GET /api/admin/commissions/:order_item_id/explain admin',
  'GET /api/admin/commission-rules admin',
  'POST /api/admin/commission-rules admin',
  'GET /api/admin/commission-rules/:id admin',
  'PUT /api/admin/commission-rules/:id admin',
  'DELETE /api/admin/commission-rules/:id admin',
  'GET /api/ambassador/leaderboard ambassador',
  'GET /api/admin/leaderboard admin',
  'GET /api/ambassador/payout-details ambassador',
  'PUT /api/ambassador/payout-details ambassador',
  'GET /api/ambassador/payouts ambassador',
  'POST /api/ambassador/payouts ambassador',
  'GET /api/admin/payouts admin',
  'POST /api/admin/payouts/:id/return admin',
  'GET /api/admin/payouts/batches admin',
  'POST /api/admin/payouts/batches admin',
  'GET /api/admin/payouts/batches/:id admin',
  'GET /api/admin/payouts/batches/:id/export admin',
  'POST /api/admin/payouts/batches/:id/paid admin',
  'POST /api/admin/payouts/batches/:id/transfers admin',
  'GET /api/ambassador/clicks/stats ambassador',
  'GET /api/admin/ambassadors/:id/clicks/stats admin',
  'GET /api/admin/clicks/health admin',
  'GET /api/admin/clicks/flags admin',
  'GET /api/store/wallet shopper',
  'POST /api/store/wallet/top-ups shopper',
  'POST /api/store/wallet/top-ups/confirm shopper',
  'GET /api/ambassador/wallet ambassador',
  'GET /api/admin/users/:id/wallet admin',
  'POST /api/admin/users/:id/wallet/deposits admin',
  'GET /api/checkout/links/:code public',
  'POST /api/checkout/orders public',
  'POST /api/checkout/orders/confirm public',
  'POST /api/checkout/webhooks/test-provider public',
  'GET /api/checkout/test-provider/sessions/:id public',
  'POST /api/checkout/test-provider/sessions/:id public',
  'GET /api/store/products public',
  'GET /api/store/products/:slug public',
  'GET /api/store/categories public',
  'GET /api/store/cart public',
  'POST /api/store/cart/lines public',
  'PUT /api/store/cart/lines/:product_id public',
  'DELETE /api/store/cart/lines/:product_id public',
  'PUT /api/store/cart/coupon public',
  'DELETE /api/store/cart/coupon public',
  'PUT /api/store/cart/referral public',
  'POST /api/store/cart/checkout public',
  'GET /api/store/track public',
  'GET /api/store/orders shopper',
  'GET /api/store/orders/:id shopper',
  'GET /api/store/orders/:id/invoice shopper',
  'GET /api/store/addresses shopper',
  'POST /api/store/addresses shopper',
  'PUT /api/store/addresses/:id shopper',
  'DELETE /api/store/addresses/:id shopper',
  'POST /api/store/addresses/:id/default shopper',
  'POST /api/store/register public',
  'POST /api/store/login public',
  'POST /api/store/passkeys/registration/options shopper',
  'POST /api/store/passkeys shopper',
  'GET /api/store/passkeys shopper',
  'DELETE /api/store/passkeys/:id shopper',
  'POST /api/store/passkeys/sign-in/options public',
  'POST /api/store/passkeys/sign-in public',
  'GET /api/store/oidc/providers public',
  'GET /api/store/oidc/:provider/start public',
  'GET /api/store/oidc/:provider/callback public',
  'GET /api/store/user shopper',
  'POST /api/store/logout shopper',
  'PUT /api/store/users/info shopper',
  'PUT /api/store/users/password shopper',
  'GET /api/admin/emails admin',
  'GET /api/admin/mailbox admin',
  'GET /api/admin/mailbox/:id admin',
  'GET /api/admin/mailbox/:id/attachments/:index admin',
  'POST /api/admin/media admin',
  'GET /api/admin/media admin',
  'GET /api/notifications/event-types admin',
  'POST /api/notifications/webhooks admin',
  'GET /api/notifications/webhooks admin',
  'GET /api/notifications/webhooks/:id admin',
  'PATCH /api/notifications/webhooks/:id admin',
  'DELETE /api/notifications/webhooks/:id admin',
  'POST /api/notifications/webhooks/:id/rotate-secret admin',
  'GET /api/notifications/webhooks/:id/deliveries admin',
  'POST /api/notifications/deliveries/:id/resend admin',
  'GET /api/analytics/users/registered admin',
  'GET /api/analytics/revenue admin',
  'GET /api/analytics/events admin',
  'GET /api/analytics/funnels admin',
  'GET /api/analytics/health admin',
]

const routes = () => platform.app.declaredRoutes.filter((r) => r.url.startsWith('/api/'))
const concrete = (url: string) => url.replace(/:[a-z_]+/gi, () => randomUUID())
const send = (client: ReturnType<typeof testClient>, method: string, url: string) =>
  client.request(method, concrete(url), method === 'GET' || method === 'DELETE' ? undefined : {})

describe('route security', () => {
  it('declares exactly the expected public routes', () => {
    const publicRoutes = routes()
      .filter((r) => r.auth === 'public')
      .map((r) => `${r.method} ${r.url}`)
    expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES].sort())
  })

  it('covers exactly the route table below: a new route is added to it, and so to every sweep here, on purpose', () => {
    expect(
      routes()
        .map((r) => `${r.method} ${r.url} ${r.auth}`)
        .sort(),
    ).toEqual([...ROUTE_TABLE].sort())
  })

  it("answers 404 to an ambassador asking for another ambassador's resource", async () => {
    // Every ambassador route that names a resource (a path id, or a link code) is here. The explain route's
    // ownership (another ambassador's line → 404) is tested with real lines in ledger/explain.test.ts.
    expect(
      routes()
        .filter((r) => r.auth === 'ambassador' && r.url.includes(':'))
        .map((r) => r.url),
    ).toEqual(['/api/ambassador/commissions/:order_item_id/explain', '/api/ambassador/coupons/:id'])
    expect((await asAmbassador.get(`/api/ambassador/commissions/${randomUUID()}/explain`)).status).toBe(404)
    const other = testClient(platform.app)
    const email = 'other-sec@example.com'
    await other.post('/api/ambassador/register', {
      first_name: 'Other',
      last_name: 'Person',
      email,
      password: 'sec-password',
      password_confirm: 'sec-password',
    })
    await other.post('/api/ambassador/login', { email, password: 'sec-password' })
    const product = await asAdmin.post<{ id: string }>('/api/admin/products', {
      title: 'Compass',
      description: 'Brass',
      image: '',
      price: 12,
    })
    await platform.drain()
    const theirs = await other.post<{ code: string }>('/api/ambassador/links', { products: [product.body.id] })
    expect(theirs.status).toBe(201)
    const link = theirs.body.code
    expect((await other.get(`/api/ambassador/stats/daily?code=${link}`)).status).toBe(200) // a real link, theirs
    expect((await asAmbassador.get(`/api/ambassador/stats/daily?code=${link}`)).status).toBe(404)
    expect((await other.get(`/api/ambassador/clicks/stats?link=${link}`)).status).toBe(200)
    expect((await asAmbassador.get(`/api/ambassador/clicks/stats?link=${link}`)).status).toBe(404)
    await platform.drain()
    const code = await other.post<{ id: string }>('/api/ambassador/coupons', { code: 'OTHER5', discount_percent: 5 })
    expect(code.status).toBe(201)
    expect((await asAmbassador.delete(`/api/ambassador/coupons/${code.body.id}`)).status).toBe(404)
    expect((await other.delete(`/api/ambassador/coupons/${code.body.id}`)).status).toBe(200)
  })

  it('answers 401 to anonymous callers of every non-public route', async () => {
    for (const route of routes().filter((r) => r.auth !== 'public')) {
      const response = await send(testClient(platform.app), route.method, route.url)
      expect({ route: `${route.method} ${route.url}`, status: response.status }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      })
      expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' })
    }
  })

  it('answers 403 to an ambassador on every admin route', async () => {
    for (const route of routes().filter((r) => r.auth === 'admin')) {
      const response = await send(asAmbassador, route.method, route.url)
      expect({ route: `${route.method} ${route.url}`, status: response.status }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 403,
      })
    }
  })

  it('answers 403 to an admin on every ambassador route', async () => {
    for (const route of routes().filter((r) => r.auth === 'ambassador')) {
      const response = await send(asAdmin, route.method, route.url)
      expect({ route: `${route.method} ${route.url}`, status: response.status }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 403,
      })
    }
  })

  it('treats a forged or expired token as no token', async () => {
    const forged = await platform.app.inject({
      method: 'GET',
      url: '/api/admin/products',
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwic2NvcGUiOiJhZG1pbiJ9.' },
    })
    expect(forged.statusCode).toBe(401)
    const garbage = await platform.app.inject({
      method: 'GET',
      url: '/api/admin/products',
      cookies: { jwt: 'not-a-token' },
    })
    expect(garbage.statusCode).toBe(401)
  })

  it('lets a valid Bearer header through even beside a stale cookie', async () => {
    const token = asAdmin.cookie?.replace(/^jwt=/, '')
    const response = await platform.app.inject({
      method: 'GET',
      url: '/api/admin/user',
      headers: { authorization: `Bearer ${token}` },
      cookies: { jwt: 'stale-or-garbage' },
    })
    expect(response.statusCode).toBe(200)
  })

  it("allows the reference clients' origins to use every method, with credentials", async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      const response = await platform.app.inject({
        method: 'OPTIONS',
        url: '/api/admin/products/x',
        headers: { origin: 'http://localhost:3000', 'access-control-request-method': method },
      })
      expect(response.statusCode).toBe(204)
      expect(String(response.headers['access-control-allow-methods'])).toContain(method)
      expect(response.headers['access-control-allow-origin']).toBe('http://localhost:3000')
      expect(response.headers['access-control-allow-credentials']).toBe('true')
    }
    const stranger = await platform.app.inject({
      method: 'OPTIONS',
      url: '/api/admin/products',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('accepts the token as a Bearer header as well as the cookie', async () => {
    const token = asAdmin.cookie?.replace(/^jwt=/, '')
    const response = await platform.app.inject({
      method: 'GET',
      url: '/api/admin/user',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(response.statusCode).toBe(200)
  })
})

describe('bad input on every route', () => {
  const badBodies: [string, string, string][] = [
    ['malformed JSON', '{"title": ', 'application/json'],
    ['a JSON array', '[1,2,3]', 'application/json'],
    ['a JSON string', '"hello"', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    [
      'fields of the wrong types',
      JSON.stringify({ title: 5, price: {}, products: 'x', email: 7, password: [], source: 1, card_number: {} }),
      'application/json',
    ],
    [
      'over-long strings',
      JSON.stringify({
        title: 'x'.repeat(10_000),
        email: `${'a'.repeat(300)}@x.io`,
        password: 'p'.repeat(500),
        code: 'c'.repeat(500),
        source: 's'.repeat(500),
      }),
      'application/json',
    ],
    ['an unsupported content type', '<xml/>', 'application/xml'],
    [
      'a NUL character in every text field',
      JSON.stringify({
        title: 'a\u0000b',
        description: 'x\u0000',
        first_name: 'A\u0000',
        last_name: 'B',
        email: 'a\u0000@example.com',
        password: 'pass\u0000word',
        password_confirm: 'pass\u0000word',
        address: '1\u0000St',
        code: 'c\u0000',
        source: 's\u0000',
        card_number: '4242\u0000',
        products: ['\u0000'],
      }),
      'application/json',
    ],
    [
      'an HTML form post (only the pay page takes forms)',
      'email=a%40b.co&password=x',
      'application/x-www-form-urlencoded',
    ],
  ]

  it.each(badBodies)('answers %s with a 4xx and a message, never a 5xx', async (_name, payload, contentType) => {
    // logout takes no body and would end the sessions this suite relies on
    const withBody = routes().filter((r) => (r.method === 'POST' || r.method === 'PUT') && !r.url.endsWith('/logout'))
    for (const route of withBody) {
      for (const client of [asAdmin, asAmbassador, testClient(platform.app)]) {
        const response = await client.request(route.method, concrete(route.url), payload, {
          'content-type': contentType,
        })
        const where = `${route.method} ${route.url}`
        expect({ where, status: response.status < 500 }).toEqual({ where, status: true })
        if (response.status >= 400)
          expect(response.body).toMatchObject({ statusCode: response.status, message: expect.any(String) })
      }
    }
  })

  it('answers unknown ids with 404, whether or not they look like uuids', async () => {
    for (const url of [
      '/api/admin/products/123',
      `/api/admin/products/${randomUUID()}`,
      '/api/admin/users/abc/links',
      `/api/admin/users/${randomUUID()}/links`,
    ]) {
      expect((await asAdmin.get(url)).status).toBe(404)
    }
    expect((await testClient(platform.app).get('/api/checkout/links/no-such-code')).status).toBe(404)
  })

  it('answers a NUL character in a path or query with 400 or 404, never a 5xx', async () => {
    for (const url of [
      '/api/checkout/links/a%00b',
      '/api/checkout/test-provider/sessions/a%00',
      '/api/ambassador/products/backend?s=a%00',
    ]) {
      const response = await testClient(platform.app).get(url)
      expect({ url, status: [400, 404].includes(response.status) }).toEqual({ url, status: true })
    }
  })

  it.each(['1.5', '0x10', '1e1', '', '-1', 'two'])('refuses page=%j as a page number', async (page) => {
    const response = await testClient(platform.app).get(`/api/ambassador/products/backend?page=${page}`)
    expect(response.status).toBe(400)
  })

  it('refuses a body larger than the limit with 413', async () => {
    const response = await asAdmin.request(
      'POST',
      '/api/admin/products',
      JSON.stringify({ description: 'x'.repeat(300_000) }),
      { 'content-type': 'application/json' },
    )
    expect(response.status).toBe(413)
  })
})
