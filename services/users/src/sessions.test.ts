import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usersService } from './index.ts'

let now = Date.now()
let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([usersService], {}, { clock: { now: () => new Date(now) } })
})
afterAll(() => platform?.close())

let people = 0
/** A new ambassador, signed in; each test has its own, so none inherits another's sessions. */
async function signedIn() {
  const email = `person${++people}@example.com`
  const password = 'first-password'
  const client = testClient(platform.app)
  const registered = await client.post('/api/ambassador/register', {
    first_name: 'Ada',
    last_name: 'Lovelace',
    email,
    password,
    password_confirm: password,
  })
  expect(registered.status).toBe(201)
  expect((await client.post('/api/ambassador/login', { email, password })).status).toBe(200)
  return { client, email, password }
}

/** Another device: its own sign-in, its own token. */
async function anotherSession(email: string, password: string) {
  const client = testClient(platform.app)
  expect((await client.post('/api/ambassador/login', { email, password })).status).toBe(200)
  return client
}

describe('sessions', () => {
  it('ends at sign-out: the same token opens no door afterwards', async () => {
    const { client } = await signedIn()
    const token = client.cookie
    expect((await client.post('/api/ambassador/logout')).status).toBe(200)
    const replayed = await platform.app.inject({ url: '/api/ambassador/user', headers: { cookie: String(token) } })
    expect(replayed.statusCode).toBe(401)
  })

  it('end everywhere else when the password changes, and go on where it was changed', async () => {
    const { client, email, password } = await signedIn()
    const elsewhere = await anotherSession(email, password)
    const changed = await client.put('/api/ambassador/users/password', {
      password: 'second-password',
      password_confirm: 'second-password',
    })
    expect(changed.status).toBe(200)
    expect((await client.get('/api/ambassador/user')).status).toBe(200)
    expect((await elsewhere.get('/api/ambassador/user')).status).toBe(401)
  })
})

describe('changing the password or the email', () => {
  it('needs the current password once the sign-in is more than a few minutes old', async () => {
    const { client, password } = await signedIn()
    now += 11 * 60_000
    const change = { password: 'second-password', password_confirm: 'second-password' }
    const missing = await client.put<{ code: string }>('/api/ambassador/users/password', change)
    expect(missing.status).toBe(400)
    expect(missing.body.code).toBe('current_password_required')
    const wrong = await client.put<{ code: string }>('/api/ambassador/users/password', {
      ...change,
      current_password: 'nope',
    })
    expect(wrong.status).toBe(403)
    expect(wrong.body.code).toBe('wrong_password')
    const emailOnly = await client.put<{ code: string }>('/api/ambassador/users/info', { email: 'moved@example.com' })
    expect(emailOnly.body.code).toBe('current_password_required')
    expect((await client.put('/api/ambassador/users/info', { first_name: 'Augusta' })).status).toBe(200) // a name needs none
    expect((await client.put('/api/ambassador/users/password', { ...change, current_password: password })).status).toBe(
      200,
    )
  })

  it('does not need it right after signing in, as the reference clients change a password', async () => {
    const { client } = await signedIn()
    const changed = await client.put('/api/ambassador/users/password', {
      password: 'second-password',
      password_confirm: 'second-password',
    })
    expect(changed.status).toBe(200)
  })
})
