import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usersService } from './index.ts'

let now = Date.now()
/** Platforms keyed by their per-address limit, each on a clock this file moves by hand. */
async function platformWith(authLimit: number) {
  return startTestPlatform(
    [usersService],
    { ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'boss-password', AUTH_RATE_LIMIT_PER_MINUTE: String(authLimit) },
    { clock: { now: () => new Date(now) } },
  )
}

let generous: TestPlatform
beforeAll(async () => {
  generous = await platformWith(10_000)
  // One account per test, so no test inherits another's failed sign-ins.
  for (const [first_name, email] of [
    ['Ada', 'ada@example.com'],
    ['Grace', 'grace@example.com'],
  ]) {
    await testClient(generous.app).post('/api/ambassador/register', {
      first_name,
      last_name: 'Example',
      email,
      password: 'analytical',
      password_confirm: 'analytical',
    })
  }
})
afterAll(() => generous?.close())

/** A sign-in from its own client address. */
const signIn = (platform: TestPlatform, area: string, email: string, password: string, address = '203.0.113.1') =>
  platform.app.inject({
    method: 'POST',
    url: `/api/${area}/login`,
    remoteAddress: address,
    payload: { email, password },
  })
const answer = (response: { statusCode: number; json(): unknown }) => ({
  status: response.statusCode,
  body: { ...(response.json() as object), request_id: undefined },
})

describe('signing in', () => {
  it('answers a right password in the wrong area exactly as a wrong one, so it tells nothing', async () => {
    const right = answer(await signIn(generous, 'admin', 'ada@example.com', 'analytical', '203.0.113.10'))
    const wrong = answer(await signIn(generous, 'admin', 'ada@example.com', 'not-her-password', '203.0.113.11'))
    expect(right.status).toBe(401)
    expect(right).toEqual(wrong)
  })

  it("slows down guessing one account's password from many addresses, then lets its owner back in", async () => {
    for (let i = 0; i < 5; i++) {
      const guess = await signIn(generous, 'ambassador', 'grace@example.com', `guess-${i}`, `198.51.100.${i}`)
      expect(guess.statusCode).toBe(401)
    }
    // Now even the right password, from anywhere, waits: the answer does not say whether it was right.
    const held = await signIn(generous, 'ambassador', 'grace@example.com', 'analytical', '198.51.100.99')
    expect(held.statusCode).toBe(429)
    expect(held.json()).toMatchObject({ code: 'too_many_failed_sign_ins' })
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0)
    const wrongArea = await signIn(generous, 'admin', 'grace@example.com', 'analytical', '198.51.100.98')
    expect(wrongArea.statusCode).toBe(429) // one count per account, whichever area is tried

    now += Number(held.headers['retry-after']) * 1000 + 1
    expect((await signIn(generous, 'ambassador', 'grace@example.com', 'analytical', '198.51.100.99')).statusCode).toBe(
      200,
    )
    // A success starts the count again.
    expect((await signIn(generous, 'ambassador', 'grace@example.com', 'wrong', '198.51.100.99')).statusCode).toBe(401)
    expect((await signIn(generous, 'ambassador', 'grace@example.com', 'analytical', '198.51.100.99')).statusCode).toBe(
      200,
    )
  })
})

describe('the per-address limit (AUTH_RATE_LIMIT_PER_MINUTE)', () => {
  it('counts sign-ins and registrations of both areas together', async () => {
    const strict = await platformWith(4)
    try {
      const statuses = [
        (await signIn(strict, 'admin', 'boss@example.com', 'x')).statusCode,
        (await signIn(strict, 'ambassador', 'someone@example.com', 'x')).statusCode,
        (await signIn(strict, 'admin', 'boss@example.com', 'x')).statusCode,
        (
          await strict.app.inject({
            method: 'POST',
            url: '/api/ambassador/register',
            remoteAddress: '203.0.113.1',
            payload: {},
          })
        ).statusCode,
        (await signIn(strict, 'ambassador', 'someone@example.com', 'x')).statusCode,
      ]
      expect(statuses.slice(0, 4).includes(429)).toBe(false)
      expect(statuses[4]).toBe(429)
      // Another address has its own count.
      expect((await signIn(strict, 'ambassador', 'someone@example.com', 'x', '203.0.113.2')).statusCode).toBe(401)
    } finally {
      await strict.close()
    }
  })
})
