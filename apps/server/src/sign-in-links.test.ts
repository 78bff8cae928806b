import { createHash } from 'node:crypto'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
let admin: TestClient
let now = new Date()
const clock = { now: () => new Date(now) }

beforeAll(async () => {
  platform = await startWholePlatform({}, { clock })
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
})
afterAll(() => platform?.close())

type Mail = { id: string; to: string; subject: string }

/** The mails sent to `email` so far, newest first, with their text. */
async function mailsTo(email: string): Promise<(Mail & { text: string })[]> {
  await platform.drain()
  const list = (await admin.get<Mail[]>('/api/admin/mailbox')).body.filter((mail) => mail.to === email)
  return Promise.all(
    list.map(async (mail) => ({
      ...mail,
      text: (await admin.get<{ text: string }>(`/api/admin/mailbox/${mail.id}`)).body.text,
    })),
  )
}

/** The one-time link in the newest mail to `email`: its page, with the secret in the fragment (`/account/magic#token=…`). */
async function linkIn(email: string): Promise<URL> {
  const [newest] = await mailsTo(email)
  const found = newest?.text.match(/https?:\/\/\S+#token=[\w-]+\S*/)?.[0]
  if (!found) throw new Error(`no link in the newest mail to ${email}: ${newest?.text}`)
  return new URL(found)
}

const fragmentOf = (link: URL) => new URLSearchParams(link.hash.slice(1))
const tokenOf = (link: URL) => fragmentOf(link).get('token') ?? ''

async function register(area: 'ambassador' | 'store', email: string, password = 'first-password') {
  const client = testClient(platform.app)
  const body = { first_name: 'Ada', last_name: 'Byron', email, password, password_confirm: password }
  expect((await client.post(`/api/${area}/register`, body)).status).toBe(201)
  expect((await client.post(`/api/${area}/login`, { email, password })).status).toBe(200)
  return client
}

describe('a sign-in link by email (shoppers)', () => {
  it('opens a new account: the link asks for names, signs in once, and is refused the second time', async () => {
    const email = 'new-by-link@example.com'
    const asking = await testClient(platform.app).post('/api/store/magic-link', { email, return_to: '/cart' })
    expect(asking.status).toBe(202)
    const [mail] = await mailsTo(email)
    expect(mail?.subject).toMatch(/Open your .* account/)
    expect(mail?.text).toContain('It works once, for 15 minutes')
    const link = await linkIn(email)
    expect(link.pathname).toBe('/account/magic')
    expect(link.search).toBe('') // nothing secret in what a server, a proxy or a log would see
    expect(fragmentOf(link).get('next')).toBe('/cart')
    // The mail to an address without an account greets nobody by a name a stranger could have typed.
    expect(mail?.text).toContain('Hi,')

    // The landing page asks first, and the asking spends nothing.
    const check = await testClient(platform.app).post('/api/store/magic-link/check', { token: tokenOf(link) })
    expect(check.body).toEqual({ email: 'n•••@example.com', new_account: true, names_needed: true })

    const browser = testClient(platform.app)
    const withoutNames = await browser.post('/api/store/magic-link/sign-in', { token: tokenOf(link) })
    expect(withoutNames.status).toBe(400)
    expect(withoutNames.body).toMatchObject({ code: 'names_required' })
    const signedIn = await browser.post('/api/store/magic-link/sign-in', {
      token: tokenOf(link),
      first_name: 'Mary',
      last_name: 'Somerville',
    })
    expect(signedIn.status).toBe(200)
    expect((await browser.get('/api/store/user')).body).toMatchObject({ first_name: 'Mary', email })

    const again = await testClient(platform.app).post('/api/store/magic-link/sign-in', { token: tokenOf(link) })
    expect(again.status).toBe(410)
    expect(again.body).toMatchObject({ code: 'link_used', message: expect.stringContaining('already used') })
  })

  it('signs an existing shopper in, keeps only the hash of the link, and refuses a link past its 15 minutes', async () => {
    const email = 'hash-and-expiry@example.com'
    await register('store', email)
    await testClient(platform.app).post('/api/store/magic-link', { email })
    const link = await linkIn(email)
    expect((await mailsTo(email))[0]?.subject).toMatch(/sign-in link/)
    const stored = await platform.contexts
      .get('users')
      ?.db.execute<{ token_hash: string }>(sql`SELECT token_hash FROM users.one_time_tokens WHERE email = ${email}`)
    expect(stored?.rows.map((row) => row.token_hash)).toEqual([
      createHash('sha256').update(tokenOf(link)).digest('hex'),
    ])

    now = new Date(now.getTime() + 15 * 60_000 + 1000)
    const late = await testClient(platform.app).post('/api/store/magic-link/sign-in', { token: tokenOf(link) })
    expect(late.status).toBe(410)
    expect(late.body).toMatchObject({ code: 'link_expired' })

    await testClient(platform.app).post('/api/store/magic-link', { email })
    const browser = testClient(platform.app)
    expect((await browser.post('/api/store/magic-link/sign-in', { token: tokenOf(await linkIn(email)) })).status).toBe(
      200,
    )
    expect((await browser.get('/api/store/user')).body).toMatchObject({ first_name: 'Ada', email })
  })

  it('refuses a return path that leads off the site', async () => {
    for (const return_to of ['//evil.example', '/\t/evil.example', '/\\evil.example', 'https://evil.example/']) {
      const refused = await testClient(platform.app).post('/api/store/magic-link', {
        email: 'away@example.com',
        return_to,
      })
      expect(refused.status, return_to).toBe(400)
      expect(refused.body).toMatchObject({ code: 'invalid_return_to' })
    }
    expect(await mailsTo('away@example.com')).toEqual([])
  })

  it('takes every way in from whoever registered an address before its owner proved it', async () => {
    const email = 'pre-claimed@example.com'
    const squatter = await register('store', email, 'squatter-password')
    await testClient(platform.app).post('/api/store/magic-link', { email })
    const owner = testClient(platform.app)
    expect((await owner.post('/api/store/magic-link/sign-in', { token: tokenOf(await linkIn(email)) })).status).toBe(
      200,
    )
    expect((await owner.get('/api/store/user')).status).toBe(200)
    expect((await squatter.get('/api/store/user')).status).toBe(401)
    const again = await testClient(platform.app).post('/api/store/login', { email, password: 'squatter-password' })
    expect(again.status).toBe(401)
  })

  it('forgets the proof when the address changes, and a link sent to the old holder opens nothing', async () => {
    const email = 'mover@example.com'
    await testClient(platform.app).post('/api/store/magic-link', { email, first_name: 'Mo', last_name: 'Ver' })
    const shopper = testClient(platform.app)
    expect((await shopper.post('/api/store/magic-link/sign-in', { token: tokenOf(await linkIn(email)) })).status).toBe(
      200,
    )
    await testClient(platform.app).post('/api/store/magic-link', { email })
    const oldLink = await linkIn(email)

    expect((await shopper.put('/api/store/users/info', { email: 'moved@example.com' })).status).toBe(200)
    const verified = await platform.contexts
      .get('users')
      ?.db.execute<{ email_verified_at: string | null }>(
        sql`SELECT email_verified_at FROM users.accounts WHERE email = 'moved@example.com'`,
      )
    expect(verified?.rows).toEqual([{ email_verified_at: null }])
    // Someone else now opens an account with the old address; the old holder's link must not sign into it.
    await register('store', email, 'newcomer-password')
    const stale = await testClient(platform.app).post('/api/store/magic-link/sign-in', { token: tokenOf(oldLink) })
    expect(stale.status).toBe(400)
    expect(stale.body).toMatchObject({ code: 'link_invalid' })
  })

  it('refuses a made-up link without signing anyone in', async () => {
    const browser = testClient(platform.app)
    const made = await browser.post('/api/store/magic-link/sign-in', { token: 'x'.repeat(43) })
    expect(made.status).toBe(400)
    expect(made.body).toMatchObject({ code: 'link_invalid' })
    expect((await browser.get('/api/store/user')).status).toBe(401)
  })

  it('sends nothing to a staff address, and no more than three links a quarter hour to one address — with the same answer', async () => {
    const staff = await testClient(platform.app).post('/api/store/magic-link', { email: TEST_ADMIN.email })
    expect(staff.status).toBe(202)
    expect(await mailsTo(TEST_ADMIN.email)).toEqual([])

    const email = 'eager@example.com'
    for (let i = 0; i < 5; i++) {
      expect((await testClient(platform.app).post('/api/store/magic-link', { email })).body).toEqual(staff.body)
    }
    expect(await mailsTo(email)).toHaveLength(3)
  })

  it('answers bad input with a 400 that names the field', async () => {
    const bad = await testClient(platform.app).post<{ message: string }>('/api/store/magic-link', {
      email: 'not an address',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/email/)
  })
})

describe('a password reset by email, in every area', () => {
  it.each([
    ['store', 'shopper-reset@example.com', '/account/reset-password'],
    ['ambassador', 'ambassador-reset@example.com', '/ambassador/reset-password'],
  ] as const)(
    'in %s: sets the new password, ends every other session, and signs this one in',
    async (area, email, page) => {
      const elsewhere = await register(area, email)
      expect((await testClient(platform.app).post(`/api/${area}/password-reset`, { email })).status).toBe(202)
      const link = await linkIn(email)
      expect(link.pathname).toBe(page)
      expect((await mailsTo(email))[0]?.text).toContain('signs you out everywhere else')

      const browser = testClient(platform.app)
      const reset = await browser.post(`/api/${area}/password-reset/confirm`, {
        token: tokenOf(link),
        password: 'second-password',
        password_confirm: 'second-password',
      })
      expect(reset.status).toBe(200)
      expect((await browser.get(`/api/${area}/user`)).status).toBe(200)
      expect((await elsewhere.get(`/api/${area}/user`)).status).toBe(401)
      expect(
        (await testClient(platform.app).post(`/api/${area}/login`, { email, password: 'first-password' })).status,
      ).toBe(401)
      expect(
        (await testClient(platform.app).post(`/api/${area}/login`, { email, password: 'second-password' })).status,
      ).toBe(200)

      const again = await testClient(platform.app).post(`/api/${area}/password-reset/confirm`, {
        token: tokenOf(link),
        password: 'third-password',
        password_confirm: 'third-password',
      })
      expect(again.status).toBe(410)
    },
  )

  it('works for an admin, and a link of one area opens nothing in another', async () => {
    await testClient(platform.app).post('/api/admin/password-reset', { email: TEST_ADMIN.email })
    const link = await linkIn(TEST_ADMIN.email)
    expect(link.pathname).toBe('/admin/reset-password')
    const body = { token: tokenOf(link), password: 'admin-password-2', password_confirm: 'admin-password-2' }
    const wrongArea = await testClient(platform.app).post('/api/ambassador/password-reset/confirm', body)
    expect(wrongArea.status).toBe(400)
    expect(wrongArea.body).toMatchObject({ code: 'link_invalid' })
    expect((await testClient(platform.app).post('/api/admin/password-reset/confirm', body)).status).toBe(200)
    // The admin everyone else's tests sign in as keeps the password they know.
    admin = testClient(platform.app)
    expect(
      (await admin.post('/api/admin/login', { email: TEST_ADMIN.email, password: 'admin-password-2' })).status,
    ).toBe(200)
  })

  it('sends nothing to an unknown address or an account of another area, with the same answer', async () => {
    const email = 'only-ambassador@example.com'
    await register('ambassador', email)
    const unknown = await testClient(platform.app).post('/api/store/password-reset', { email: 'nobody@example.com' })
    const otherArea = await testClient(platform.app).post('/api/store/password-reset', { email })
    expect(unknown.status).toBe(202)
    expect(otherArea.body).toEqual(unknown.body)
    expect(await mailsTo('nobody@example.com')).toEqual([])
    expect((await mailsTo(email)).map((mail) => mail.subject)).toEqual(['Welcome to Ambassador, Ada'])
  })

  it('refuses two passwords that differ, and keeps the link for another try', async () => {
    const email = 'typo@example.com'
    await register('store', email)
    await testClient(platform.app).post('/api/store/password-reset', { email })
    const token = tokenOf(await linkIn(email))
    const typo = await testClient(platform.app).post('/api/store/password-reset/confirm', {
      token,
      password: 'second-password',
      password_confirm: 'second-passwort',
    })
    expect(typo.status).toBe(400)
    const fixed = await testClient(platform.app).post('/api/store/password-reset/confirm', {
      token,
      password: 'second-password',
      password_confirm: 'second-password',
    })
    expect(fixed.status).toBe(200)
  })
})
