import type { Database } from '@ambassador/kit/db/database'
import { findFreePort } from '@ambassador/kit/process/process'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usersService } from './index.ts'
import { OIDC_BINDING_COOKIE } from './oidc-binding.ts'
import { accounts, oidcIdentities, oidcSignIns, outbox } from './schema.ts'
import { startOidcProvider, type TestOidcProvider } from './testing/oidc-provider.ts'

const SHOP = 'http://shop.test'
const callbackOf = (id: string) => `${SHOP}/api/store/oidc/${id}/callback`

let platform: TestPlatform
let db: Database
/** The provider most tests use (names and email in the ID token). */
let local: TestOidcProvider
/** A provider that keeps the ID token thin: the email and names are at its UserInfo endpoint only. */
let thin: TestOidcProvider
/** How far this file has moved the platform's clock on. */
let clockOffsetMs = 0

beforeAll(async () => {
  local = await startOidcProvider({ redirectUris: [callbackOf('local')] })
  thin = await startOidcProvider({ redirectUris: [callbackOf('thin')], thinIdToken: true })
  const unreachable = `http://127.0.0.1:${await findFreePort()}`
  platform = await startTestPlatform(
    [usersService],
    {
      PUBLIC_URL: SHOP,
      ADMIN_EMAIL: 'boss@example.com',
      ADMIN_PASSWORD: 'boss-password',
      OIDC_PROVIDERS: 'local,thin,down',
      ...local.env('local'),
      ...thin.env('thin', 'Thin ID'),
      OIDC_DOWN_ISSUER: unreachable,
      OIDC_DOWN_CLIENT_ID: 'nobody',
      OIDC_DOWN_CLIENT_SECRET: 'nothing',
    },
    { clock: { now: () => new Date(Date.now() + clockOffsetMs) } },
  )
  const users = platform.contexts.get('users')
  if (!users) throw new Error('the users service is not running')
  db = users.db
})
afterAll(async () => {
  await platform?.close()
  await local?.close()
  await thin?.close()
})

/** Asks the platform to start signing in; returns the answer (302 to the provider when all is well). */
const start = (browser: TestClient, provider: string, returnTo = '/account') =>
  browser.get(`/api/store/oidc/${provider}/start?return_to=${encodeURIComponent(returnTo)}`)

/** What the callback says: where it sends the browser, and whether it set a session. */
async function callback(browser: TestClient, url: URL) {
  expect(url.origin).toBe(SHOP)
  const answer = await browser.get(`${url.pathname}${url.search}`)
  expect(answer.status).toBe(302)
  return { location: String(answer.headers.location), signedIn: browser.cookie !== undefined }
}

/** A browser going all the way: start, the provider's login and consent pages, back to the callback. */
async function signInWith(provider: TestOidcProvider, id: string, login: string, returnTo = '/account') {
  const browser = testClient(platform.app)
  const started = await start(browser, id, returnTo)
  expect(started.status).toBe(302)
  const back = await provider.signIn(String(started.headers.location), login)
  return { browser, back, ...(await callback(browser, back)) }
}

const accountOf = async (email: string) => (await db.select().from(accounts).where(eq(accounts.email, email)))[0]

describe('signing in with an OpenID Connect provider', () => {
  it('lists the configured providers for the sign-in buttons', async () => {
    const answer = await testClient(platform.app).get('/api/store/oidc/providers')
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual([
      { id: 'local', name: 'Local' },
      { id: 'thin', name: 'Thin ID' },
      { id: 'down', name: 'Down' },
    ])
  })

  it('ties the sign-in to the browser that started it with a cookie for these routes only, cleared by the callback', async () => {
    local.users.set('ada-b', { email: 'ada-b@example.com', email_verified: true, name: 'Ada Bound' })
    const started = await platform.app.inject({ method: 'GET', url: '/api/store/oidc/local/start' })
    const state = new URL(String(started.headers.location)).searchParams.get('state') ?? ''
    const binding = started.cookies.find((cookie) => cookie.name === OIDC_BINDING_COOKIE)
    expect(binding).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/store/oidc', maxAge: 600 })
    expect(binding?.secure).toBeUndefined()
    // It proves the browser without telling the state.
    expect(binding?.value).toMatch(/^[\w-]{43}$/)
    expect(binding?.value).not.toContain(state)

    const back = await local.signIn(String(started.headers.location), 'ada-b')
    const finished = await platform.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      cookies: { [OIDC_BINDING_COOKIE]: binding?.value ?? '' },
    })
    expect(finished.headers.location).toBe('/account')
    const cookies = new Map(finished.cookies.map((cookie) => [cookie.name, cookie]))
    expect(cookies.get('jwt')?.value).toBeTruthy()
    expect(cookies.get(OIDC_BINDING_COOKIE)).toMatchObject({ value: '', path: '/api/store/oidc' })
  })

  it("sends the browser to the provider's authorization endpoint with state, nonce and a PKCE S256 challenge, kept for ten minutes", async () => {
    const answer = await start(testClient(platform.app), 'local', '/account/orders?page=2')
    expect(answer.status).toBe(302)
    const url = new URL(String(answer.headers.location))
    expect(`${url.origin}${url.pathname}`).toBe(`${local.issuer}/auth`)
    const params = Object.fromEntries(url.searchParams)
    expect(params).toMatchObject({
      client_id: local.clientId,
      response_type: 'code',
      redirect_uri: callbackOf('local'),
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    })
    expect(params.state).toMatch(/^[\w-]{40,}$/)
    expect(params.nonce).toMatch(/^[\w-]{40,}$/)
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/)
    const [kept] = await db
      .select()
      .from(oidcSignIns)
      .where(eq(oidcSignIns.state, params.state ?? ''))
    expect(kept).toMatchObject({ provider: 'local', nonce: params.nonce, returnTo: '/account/orders?page=2' })
    // The verifier stays here; only its hash went to the provider.
    expect(kept?.codeVerifier).not.toBe(params.code_challenge)
    const minutes = (Date.parse(kept?.expiresAt ?? '') - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(9.9)
    expect(minutes).toBeLessThanOrEqual(10)
  })

  it('makes a verified address a new shopper account, signed in and sent where it was going', async () => {
    local.users.set('grace', {
      email: 'Grace@Example.com',
      email_verified: true,
      given_name: 'Grace',
      family_name: 'Hopper',
    })
    const { browser, location, signedIn } = await signInWith(local, 'local', 'grace', '/account/orders?page=2')
    expect(location).toBe('/account/orders?page=2')
    expect(signedIn).toBe(true)
    const me = await browser.get('/api/store/user')
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com' })

    const account = await accountOf('grace@example.com')
    expect(account).toMatchObject({ role: 'shopper', passwordHash: null })
    expect(account?.emailVerifiedAt).not.toBeNull()
    const [identity] = await db
      .select()
      .from(oidcIdentities)
      .where(eq(oidcIdentities.accountId, account?.id ?? ''))
    expect(identity).toMatchObject({ issuer: local.issuer, subject: 'grace' })
    const [registered] = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.type, 'user.registered'), eq(outbox.key, account?.id ?? '')))
    expect(registered?.data).toMatchObject({ email: 'grace@example.com', role: 'shopper', email_verified: true })
  })

  it('opens the same account when the same provider user comes back, even with another address at the provider', async () => {
    local.users.set('katherine', { email: 'katherine@example.com', email_verified: true, name: 'Katherine Johnson' })
    const first = await signInWith(local, 'local', 'katherine')
    const id = (await first.browser.get<{ id: string }>('/api/store/user')).body.id

    local.users.set('katherine', { email: 'kj@nasa.example', email_verified: true, name: 'Katherine Johnson' })
    const again = await signInWith(local, 'local', 'katherine')
    expect(again.signedIn).toBe(true)
    const me = await again.browser.get<{ id: string; email: string; first_name: string; last_name: string }>(
      '/api/store/user',
    )
    expect(me.body).toMatchObject({ id, email: 'katherine@example.com', first_name: 'Katherine', last_name: 'Johnson' })
    expect(await accountOf('kj@nasa.example')).toBeUndefined()
  })

  it('links a provider that vouches for the address to the account registered with it, and ends what was set up before the proof', async () => {
    const shopper = testClient(platform.app)
    const registered = await shopper.post<{ id: string }>('/api/store/register', {
      first_name: 'Mary',
      last_name: 'Jackson',
      email: 'mary@example.com',
      password: 'wind-tunnel',
      password_confirm: 'wind-tunnel',
    })
    expect(registered.status).toBe(201)
    local.users.set('mary', { email: 'mary@example.com', email_verified: true, given_name: 'M', family_name: 'J' })

    const { browser, signedIn } = await signInWith(local, 'local', 'mary')
    expect(signedIn).toBe(true)
    // Her account, as she made it: the provider's names do not overwrite hers.
    expect((await browser.get('/api/store/user')).body).toMatchObject({ id: registered.body.id, first_name: 'Mary' })
    expect((await accountOf('mary@example.com'))?.emailVerifiedAt).not.toBeNull()
    // The password and the session from before the address was proved could be anyone's: both end.
    expect((await shopper.get('/api/store/user')).status).toBe(401)
    expect(
      (await shopper.post('/api/store/login', { email: 'mary@example.com', password: 'wind-tunnel' })).status,
    ).toBe(401)
  })

  it('refuses an address the provider does not vouch for when an account has it: that would be a takeover', async () => {
    await testClient(platform.app).post('/api/store/register', {
      first_name: 'Dorothy',
      last_name: 'Vaughan',
      email: 'dorothy@example.com',
      password: 'fortran-77',
      password_confirm: 'fortran-77',
    })
    local.users.set('impostor', { email: 'dorothy@example.com', email_verified: false, name: 'Not Dorothy' })
    const { location, signedIn } = await signInWith(local, 'local', 'impostor')
    expect(location).toBe('/account/sign-in?error=email_not_verified')
    expect(signedIn).toBe(false)
    expect((await accountOf('dorothy@example.com'))?.emailVerifiedAt).toBeNull()
    expect(await db.select().from(oidcIdentities).where(eq(oidcIdentities.subject, 'impostor'))).toEqual([])
  })

  it('refuses an address the provider does not vouch for and makes no account for it', async () => {
    local.users.set('unsure', { email: 'unsure@example.com', email_verified: false, name: 'Un Sure' })
    const { location, signedIn } = await signInWith(local, 'local', 'unsure')
    expect(location).toBe('/account/sign-in?error=email_not_verified')
    expect(signedIn).toBe(false)
    expect(await accountOf('unsure@example.com')).toBeUndefined()
  })

  it('refuses a provider user without an email address', async () => {
    local.users.set('anonymous', { name: 'No Mail' })
    const { location, signedIn } = await signInWith(local, 'local', 'anonymous')
    expect({ location, signedIn }).toEqual({ location: '/account/sign-in?error=email_missing', signedIn: false })
  })

  it.each([
    ['an admin', 'boss@example.com', 'admin'],
    ['an ambassador', 'ada@example.com', 'ambassador'],
  ])("refuses %s's address, even vouched for: staff sign in with their password", async (_who, email, role) => {
    if (role === 'ambassador') {
      await testClient(platform.app).post('/api/ambassador/register', {
        first_name: 'Ada',
        last_name: 'Lovelace',
        email,
        password: 'analytical',
        password_confirm: 'analytical',
      })
    }
    local.users.set(`staff-${role}`, { email, email_verified: true, name: 'Staff Member' })
    const { location, signedIn } = await signInWith(local, 'local', `staff-${role}`)
    expect({ location, signedIn }).toEqual({ location: '/account/sign-in?error=staff_account', signedIn: false })
    expect((await accountOf(email))?.role).toBe(role)
  })

  it("refuses a staff address the provider does not vouch for as unverified, so it tells nobody the address is staff's", async () => {
    local.users.set('staff-probe', { email: 'boss@example.com', email_verified: false, name: 'Pro Be' })
    const { location, signedIn } = await signInWith(local, 'local', 'staff-probe')
    expect({ location, signedIn }).toEqual({ location: '/account/sign-in?error=email_not_verified', signedIn: false })
  })

  it("reads the address from the UserInfo endpoint when the provider's ID token carries none", async () => {
    thin.users.set('dorothy-h', {
      email: 'hodgkin@example.com',
      email_verified: true,
      given_name: 'Dorothy',
      family_name: 'Hodgkin',
    })
    const { browser, signedIn } = await signInWith(thin, 'thin', 'dorothy-h')
    expect(signedIn).toBe(true)
    expect((await browser.get('/api/store/user')).body).toMatchObject({
      email: 'hodgkin@example.com',
      first_name: 'Dorothy',
      last_name: 'Hodgkin',
    })
  })
})

describe('an OpenID sign-in that goes wrong ends on the sign-in page, never signed in', () => {
  it.each([
    ['an unknown state', '?code=abc&state=never-issued'],
    ['no state at all', '?code=abc'],
  ])('says the sign-in expired for %s', async (_case, query) => {
    const browser = testClient(platform.app)
    const answer = await callback(browser, new URL(`${callbackOf('local')}${query}`))
    expect(answer).toEqual({ location: '/account/sign-in?error=expired', signedIn: false })
  })

  it.each([
    ['a browser that started no sign-in', false],
    ['a browser in the middle of a sign-in of its own', true],
  ])("does not finish the attacker's own sign-in in %s: it would be signed in as the attacker", async (_case, busy) => {
    // The attacker signs in at the provider as themselves and stops before coming back to the shop…
    const login = `mallory-${busy ? 'busy' : 'idle'}`
    local.users.set(login, { email: `${login}@example.com`, email_verified: true, name: 'Mal Lory' })
    const attacker = testClient(platform.app)
    const back = await local.signIn(String((await start(attacker, 'local')).headers.location), login)
    // …then sends the victim's browser to that callback, a valid state and code.
    const victim = testClient(platform.app)
    if (busy) expect((await start(victim, 'local')).status).toBe(302)
    expect(await callback(victim, back)).toEqual({
      location: '/account/sign-in?error=browser_mismatch',
      signedIn: false,
    })
    expect(await accountOf(`${login}@example.com`)).toBeUndefined()
    // The state was spent all the same.
    expect(await callback(attacker, back)).toEqual({ location: '/account/sign-in?error=expired', signedIn: false })
  })

  it('takes a state once: the same callback again signs nobody in', async () => {
    local.users.set('replayed', { email: 'replayed@example.com', email_verified: true, name: 'Re Played' })
    const first = await signInWith(local, 'local', 'replayed')
    expect(first.signedIn).toBe(true)
    const replay = await callback(testClient(platform.app), first.back)
    expect(replay).toEqual({ location: '/account/sign-in?error=expired', signedIn: false })
  })

  it('refuses a state started with another provider, and spends it', async () => {
    local.users.set('crossed', { email: 'crossed@example.com', email_verified: true, name: 'Cross Ed' })
    const browser = testClient(platform.app)
    const started = await start(browser, 'local')
    const back = await local.signIn(String(started.headers.location), 'crossed')
    const elsewhere = new URL(`${callbackOf('thin')}${back.search}`)
    expect(await callback(browser, elsewhere)).toEqual({
      location: '/account/sign-in?error=sign_in_failed',
      signedIn: false,
    })
    expect(await callback(browser, back)).toEqual({ location: '/account/sign-in?error=expired', signedIn: false })
    expect(await accountOf('crossed@example.com')).toBeUndefined()
  })

  it('says the shopper cancelled when the provider answers access_denied, and spends the state', async () => {
    const browser = testClient(platform.app)
    const started = await start(browser, 'local')
    const back = await local.signIn(String(started.headers.location), 'anyone', { cancel: true })
    expect(back.searchParams.get('error')).toBe('access_denied')
    expect(await callback(browser, back)).toEqual({ location: '/account/sign-in?error=cancelled', signedIn: false })
    const state = back.searchParams.get('state') ?? ''
    expect(await db.select().from(oidcSignIns).where(eq(oidcSignIns.state, state))).toEqual([])
  })

  it('passes on any other provider error as a provider error', async () => {
    const answer = await callback(
      testClient(platform.app),
      new URL(`${callbackOf('local')}?error=temporarily_unavailable&state=whatever`),
    )
    expect(answer).toEqual({ location: '/account/sign-in?error=provider_error', signedIn: false })
  })

  it("does not finish a sign-in with a code the provider issued for another one (PKCE and nonce don't match)", async () => {
    local.users.set('victim', { email: 'victim@example.com', email_verified: true, name: 'Vic Tim' })
    const attacker = testClient(platform.app)
    const theirs = await start(attacker, 'local')
    const mine = new URL(String((await start(attacker, 'local')).headers.location))
    const back = await local.signIn(String(theirs.headers.location), 'victim')
    // The victim's code, delivered with the state of a sign-in the attacker started.
    const injected = new URL(back)
    injected.searchParams.set('state', mine.searchParams.get('state') ?? '')
    expect(await callback(attacker, injected)).toEqual({
      location: '/account/sign-in?error=sign_in_failed',
      signedIn: false,
    })
    expect(await accountOf('victim@example.com')).toBeUndefined()
  })

  it('says the sign-in expired after ten minutes, and sweeps away the sign-ins left unfinished', async () => {
    local.users.set('slow', { email: 'slow@example.com', email_verified: true, name: 'Slow Coach' })
    const browser = testClient(platform.app)
    const started = await start(browser, 'local')
    const back = await local.signIn(String(started.headers.location), 'slow')
    clockOffsetMs = 10 * 60_000 + 1000
    try {
      expect(await callback(browser, back)).toEqual({ location: '/account/sign-in?error=expired', signedIn: false })
      // Every sign-in started before is over ten minutes old now: the next start leaves only its own.
      await start(testClient(platform.app), 'local')
      expect(await db.select({ state: oidcSignIns.state }).from(oidcSignIns)).toHaveLength(1)
    } finally {
      clockOffsetMs = 0
    }
  })

  it('sends the shopper back to the sign-in page when the provider cannot be reached', async () => {
    const answer = await start(testClient(platform.app), 'down')
    expect(answer.status).toBe(302)
    expect(answer.headers.location).toBe('/account/sign-in?error=provider_unavailable')
  })

  it('answers 404 for a provider that is not configured', async () => {
    const answer = await start(testClient(platform.app), 'github')
    expect(answer.status).toBe(404)
    expect(answer.body).toMatchObject({ code: 'unknown_provider' })
  })

  it.each([
    ['another site, scheme-relative', '//evil.example/account'],
    ['another site, absolute', 'https://evil.example/account'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['another site behind dot segments', '/..//evil.example'],
    ['another site behind an encoded dot segment', '/%2e//evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'account'],
    ['a header break', '/account\r\nSet-Cookie: jwt=x'],
  ])('refuses to return to %s', async (_case, returnTo) => {
    const answer = await start(testClient(platform.app), 'local', returnTo)
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ code: 'invalid_return_to' })
  })
})

describe('starting an OpenID sign-in', () => {
  it("marks the browser's binding cookie Secure when the shop is served over https", async () => {
    const https = await startTestPlatform([usersService], {
      PUBLIC_URL: 'https://shop.test',
      OIDC_PROVIDERS: 'local',
      ...local.env('local'),
    })
    try {
      const started = await https.app.inject({ method: 'GET', url: '/api/store/oidc/local/start' })
      expect(started.statusCode).toBe(302)
      expect(started.cookies.find((cookie) => cookie.name === OIDC_BINDING_COOKIE)).toMatchObject({ secure: true })
    } finally {
      await https.close()
    }
  })

  it('is limited per client address, as signing in with a password is', async () => {
    const strict = await startTestPlatform([usersService], {
      PUBLIC_URL: SHOP,
      AUTH_RATE_LIMIT_PER_MINUTE: '2',
      OIDC_PROVIDERS: 'local',
      ...local.env('local'),
    })
    try {
      const startFrom = async (address: string) =>
        (await strict.app.inject({ method: 'GET', url: '/api/store/oidc/local/start', remoteAddress: address }))
          .statusCode
      expect([await startFrom('203.0.113.7'), await startFrom('203.0.113.7')]).toEqual([302, 302])
      expect(await startFrom('203.0.113.7')).toBe(429)
      expect(await startFrom('203.0.113.8')).toBe(302)
    } finally {
      await strict.close()
    }
  })
})
