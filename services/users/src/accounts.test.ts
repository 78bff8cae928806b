import { randomUUID } from 'node:crypto'
import { completedOrderData } from '@ambassador/kit/testing/events'
import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usersService } from './index.ts'
import { deadLetters } from './schema.ts'

let platform: TestPlatform

beforeAll(async () => {
  platform = await startTestPlatform([usersService], {
    ADMIN_EMAIL: 'boss@example.com',
    ADMIN_PASSWORD: 'boss-password',
  })
})
afterAll(() => platform?.close())

const ada = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'Ada@Example.com',
  password: 'analytical',
  password_confirm: 'analytical',
}

describe('accounts', () => {
  it('registers an ambassador, logs in with a cookie and shows the account without any password', async () => {
    const client = testClient(platform.app)
    const registered = await client.post('/api/ambassador/register', ada)
    expect(registered.status).toBe(201)
    expect(registered.body).toEqual({
      id: expect.any(String),
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
    })

    const login = await client.post('/api/ambassador/login', { email: 'ADA@example.com', password: 'analytical' })
    expect(login.status).toBe(200)
    expect(login.body).toEqual({ message: 'success' })
    expect(String(login.headers['set-cookie'])).toMatch(/jwt=.+; Max-Age=86400; Path=\/; HttpOnly; SameSite=Lax/)
    // Beside it, a hint the page can read (no secret in it), so a guest's page need not ask who is signed in.
    expect(String(login.headers['set-cookie'])).toMatch(/signed_in=1; Max-Age=86400; Path=\/; SameSite=Lax(,|$)/)

    const me = await client.get('/api/ambassador/user')
    expect(me.status).toBe(200)
    expect(me.body).toEqual({ ...(registered.body as object), revenue: 0 })
    expect(me.text).not.toMatch(/password|argon2/i)
  })

  it('refuses a second account with the same email in any case', async () => {
    const again = await testClient(platform.app).post('/api/ambassador/register', { ...ada, email: 'ADA@EXAMPLE.COM' })
    expect(again.status).toBe(409)
  })

  it('answers wrong credentials with 401 and the same message whether or not the account exists', async () => {
    const client = testClient(platform.app)
    const wrongPassword = await client.post('/api/ambassador/login', {
      email: 'ada@example.com',
      password: 'wrong-password',
    })
    const noAccount = await client.post('/api/ambassador/login', {
      email: 'nobody@example.com',
      password: 'analytical',
    })
    expect(wrongPassword.status).toBe(401)
    expect(noAccount.status).toBe(401)
    // The same answer, but for the id of the request each was.
    const answer = (body: unknown) => ({ ...(body as object), request_id: undefined })
    expect(answer(wrongPassword.body)).toEqual(answer(noAccount.body))
  })

  it('keeps admins and ambassadors in their own areas', async () => {
    const ambassador = testClient(platform.app)
    expect(
      (await ambassador.post('/api/admin/login', { email: 'ada@example.com', password: 'analytical' })).status,
    ).toBe(401) // as a wrong password would: the answer tells nothing about the password
    await ambassador.post('/api/ambassador/login', { email: 'ada@example.com', password: 'analytical' })
    expect((await ambassador.get('/api/admin/user')).status).toBe(403)

    const admin = testClient(platform.app)
    expect(
      (await admin.post('/api/admin/login', { email: 'boss@example.com', password: 'boss-password' })).status,
    ).toBe(200)
    expect((await admin.get('/api/admin/user')).body).toMatchObject({ email: 'boss@example.com' })
    expect((await admin.get('/api/admin/user')).body).not.toHaveProperty('revenue')
  })

  it('keeps admin registration closed to the public but open to a logged-in admin', async () => {
    const anonymous = await testClient(platform.app).post('/api/admin/register', { ...ada, email: 'x@example.com' })
    expect(anonymous.status).toBe(403)
    const admin = testClient(platform.app)
    await admin.post('/api/admin/login', { email: 'boss@example.com', password: 'boss-password' })
    const created = await admin.post('/api/admin/register', { ...ada, email: 'second-admin@example.com' })
    expect(created.status).toBe(201)
  })

  it('ignores id and role sent with a registration', async () => {
    const id = randomUUID()
    const client = testClient(platform.app)
    const registered = await client.post('/api/ambassador/register', {
      ...ada,
      email: 'eve@example.com',
      id,
      role: 'admin',
      is_ambassador: false,
    })
    expect(registered.status).toBe(201)
    expect((registered.body as { id: string }).id).not.toBe(id)
    expect((await client.post('/api/admin/login', { email: 'eve@example.com', password: 'analytical' })).status).toBe(
      401,
    )
  })

  it('answers simultaneous changes to the same email with 409 for all but one, never a 5xx', async () => {
    const clients = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (n) => {
        const client = testClient(platform.app)
        await client.post('/api/ambassador/register', { ...ada, email: `racer${n}@example.com` })
        await client.post('/api/ambassador/login', { email: `racer${n}@example.com`, password: 'analytical' })
        return client
      }),
    )
    for (let round = 0; round < 3; round++) {
      const replies = await Promise.all(
        clients.map((c) => c.put('/api/ambassador/users/info', { email: `prize${round}@example.com` })),
      )
      const statuses = replies.map((r) => r.status).sort()
      expect(statuses.filter((s) => s === 200)).toHaveLength(1)
      expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true)
    }
  })

  it('announces nothing when a profile update changes nothing', async () => {
    const client = testClient(platform.app)
    await client.post('/api/ambassador/register', { ...ada, email: 'still@example.com' })
    await client.post('/api/ambassador/login', { email: 'still@example.com', password: 'analytical' })
    await platform.drain()
    const count = async () =>
      (
        await platform.contexts
          .get('users')
          ?.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM users.outbox WHERE type = 'user.updated'`)
      )?.rows[0]?.n
    const before = await count()
    expect((await client.put('/api/ambassador/users/info', {})).status).toBe(200)
    expect(
      (await client.put('/api/ambassador/users/info', { first_name: 'Ada', email: 'still@example.com' })).status,
    ).toBe(200)
    expect(await count()).toBe(before)
  })

  it('updates the profile and the password, and logs out', async () => {
    const client = testClient(platform.app)
    await client.post('/api/ambassador/register', { ...ada, email: 'grace@example.com' })
    await client.post('/api/ambassador/login', { email: 'grace@example.com', password: 'analytical' })
    const info = await client.put('/api/ambassador/users/info', { first_name: 'Grace', last_name: 'Hopper' })
    expect(info.body).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com' })
    expect(
      (await client.put('/api/ambassador/users/password', { password: 'new-password', password_confirm: 'other' }))
        .status,
    ).toBe(400)
    expect(
      (
        await client.put('/api/ambassador/users/password', {
          password: 'new-password',
          password_confirm: 'new-password',
        })
      ).status,
    ).toBe(200)
    const loggedOut = await client.post('/api/ambassador/logout')
    expect(loggedOut.body).toEqual({ message: 'success' })
    expect(String(loggedOut.headers['set-cookie'])).toMatch(/signed_in=; Max-Age=0/)
    expect((await client.get('/api/ambassador/user')).status).toBe(401)
    expect(
      (await client.post('/api/ambassador/login', { email: 'grace@example.com', password: 'new-password' })).status,
    ).toBe(200)
  })

  it('says in plain words what is wrong with a sign-up form', async () => {
    const client = testClient(platform.app)
    const cases: [Record<string, unknown>, string][] = [
      [
        { ...ada, email: 'short@example.com', password: 'short', password_confirm: 'short' },
        'password must be at least 8 characters',
      ],
      [{ ...ada, email: 'not-an-email' }, 'email must be a valid email address'],
      [{ ...ada, email: 'empty@example.com', first_name: '' }, 'first_name must not be empty'],
      [
        { last_name: 'Lovelace', email: 'x@example.com', password: 'analytical', password_confirm: 'analytical' },
        'first_name is required',
      ],
    ]
    for (const [body, message] of cases) {
      const response = await client.post<{ message: string }>('/api/ambassador/register', body)
      expect(response.status).toBe(400)
      expect(response.body.message).toBe(message)
    }
  })

  it('announces registrations through the outbox', async () => {
    await platform.drain()
    const ctx = platform.contexts.get('users')
    const rows = await ctx?.db.execute<{ type: string; published: boolean }>(
      sql`SELECT type, published_at IS NOT NULL AS published FROM users.outbox`,
    )
    expect(rows?.rows.length).toBeGreaterThan(0)
    expect(rows?.rows.every((r) => r.published)).toBe(true)
  })

  it('adds commission from a completed order to the ambassador revenue once, however often it is delivered', async () => {
    const client = testClient(platform.app)
    await client.post('/api/ambassador/register', { ...ada, email: 'earner@example.com' })
    await client.post('/api/ambassador/login', { email: 'earner@example.com', password: 'analytical' })
    const { body: me } = await client.get<{ id: string }>('/api/ambassador/user')
    const event = await platform.publish('order.completed', 'o1', completedOrder(me.id, 1234))
    await platform.publish('order.completed', 'o2', completedOrder(me.id, 1234))
    expect((await client.get('/api/ambassador/user')).body).toMatchObject({ revenue: 24.68 })
    await platform.redeliver(event)
    await platform.redeliver(event)
    expect((await client.get('/api/ambassador/user')).body).toMatchObject({ revenue: 24.68 })
  })

  it('credits nobody for a shop order no ambassador referred', async () => {
    const order = completedOrder(randomUUID(), 1234)
    await platform.publish('order.completed', order.id, { ...order, ambassador_id: null, link_id: null, code: null })
    expect(await platform.contexts.get('users')?.db.select().from(deadLetters)).toEqual([])
  })
})

/** An order whose 10% commission comes to `commissionMinor`. */
function completedOrder(ambassadorId: string, commissionMinor: number) {
  return completedOrderData({
    ambassadorId,
    lines: [{ title: 'Thing', price_minor: commissionMinor * 10, quantity: 1 }],
  })
}
