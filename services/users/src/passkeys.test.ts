import { randomUUID } from 'node:crypto'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usersService } from './index.ts'
import { softwareAuthenticator } from './testing/software-authenticator.ts'

const SHOP = 'https://shop.example'
let now = Date.now()
let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform(
    [usersService],
    { PUBLIC_URL: SHOP, AUTH_RATE_LIMIT_PER_MINUTE: '10000' },
    { clock: { now: () => new Date(now) } },
  )
})
afterAll(() => platform?.close())

type Options = { ceremony_id: string; options: { challenge: string; user: { id: string } } }
type SignInOptions = { ceremony_id: string; options: { challenge: string; rpId: string; allowCredentials?: unknown } }
type PasskeyAnswer = { id: string; name: string; created_at: string; last_used_at: string | null }

let people = 0
/** A new account of the area, signed in. */
async function signedIn(area: 'store' | 'ambassador' = 'store') {
  const email = `person${++people}@example.com`
  const client = testClient(platform.app)
  const person = {
    first_name: 'Grace',
    last_name: 'Hopper',
    email,
    password: 'pass-word',
    password_confirm: 'pass-word',
  }
  expect((await client.post(`/api/${area}/register`, person)).status).toBe(201)
  expect((await client.post(`/api/${area}/login`, { email, password: 'pass-word' })).status).toBe(200)
  return client
}

/** A signed-in shopper who added a passkey held by `authenticator`. */
async function withPasskey(authenticator = softwareAuthenticator(SHOP)) {
  const client = await signedIn()
  const { body: begun } = await client.post<Options>('/api/store/passkeys/registration/options')
  const added = await client.post<PasskeyAnswer>('/api/store/passkeys', {
    ceremony_id: begun.ceremony_id,
    response: authenticator.register(begun.options),
  })
  expect(added.status).toBe(201)
  return { client, authenticator, passkey: added.body }
}

async function signInOptions(client: TestClient) {
  const begun = await client.post<SignInOptions>('/api/store/passkeys/sign-in/options')
  expect(begun.status).toBe(200)
  return begun.body
}

describe('passkeys', () => {
  it('adds a passkey to a shopper account, lists it, and signs the shopper in with it', async () => {
    const client = await signedIn()
    const authenticator = softwareAuthenticator(SHOP)
    const begun = await client.post<Options & { options: Record<string, unknown> }>(
      '/api/store/passkeys/registration/options',
    )
    expect(begun.status).toBe(200)
    expect(begun.body.options).toMatchObject({
      rp: { id: 'shop.example' },
      user: { name: expect.stringMatching(/@example\.com$/), displayName: 'Grace Hopper' },
      excludeCredentials: [],
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    })

    const added = await client.post<PasskeyAnswer>('/api/store/passkeys', {
      ceremony_id: begun.body.ceremony_id,
      response: authenticator.register(begun.body.options),
      name: 'Work laptop',
    })
    expect(added.status).toBe(201)
    expect(added.body).toEqual({
      id: expect.any(String),
      name: 'Work laptop',
      created_at: expect.any(String),
      last_used_at: null,
    })
    expect((await client.get('/api/store/passkeys')).body).toEqual([added.body])
    // Registering again offers the passkey it already has as one not to make twice.
    const again = await client.post<{ options: { excludeCredentials: { id: string }[] } }>(
      '/api/store/passkeys/registration/options',
    )
    expect(again.body.options.excludeCredentials.map((c) => c.id)).toEqual([added.body.id])

    expect((await client.post('/api/store/logout')).status).toBe(200)
    const visitor = testClient(platform.app)
    const options = await signInOptions(visitor)
    // Discoverable credentials: the browser is not told which passkeys to offer.
    expect(options.options.rpId).toBe('shop.example')
    expect(options.options.allowCredentials).toBeUndefined()
    now += 60_000
    const signedInAnswer = await visitor.post('/api/store/passkeys/sign-in', {
      ceremony_id: options.ceremony_id,
      response: authenticator.signIn(options.options),
    })
    expect(signedInAnswer.status).toBe(200)
    expect(signedInAnswer.body).toEqual({ message: 'success' })
    const me = await visitor.get<{ first_name: string }>('/api/store/user')
    expect(me.status).toBe(200)
    expect(me.body.first_name).toBe('Grace')
    const [used] = (await visitor.get<PasskeyAnswer[]>('/api/store/passkeys')).body
    expect(used?.last_used_at).toBe(new Date(now).toISOString())
  })

  it('asks for a recent sign-in before adding one: a stolen session alone does not become a lasting way in', async () => {
    const client = await signedIn()
    const { body: begun } = await client.post<Options>('/api/store/passkeys/registration/options')
    now += 11 * 60_000
    try {
      for (const attempt of [
        () => client.post('/api/store/passkeys/registration/options'),
        () =>
          client.post('/api/store/passkeys', {
            ceremony_id: begun.ceremony_id,
            response: softwareAuthenticator(SHOP).register(begun.options),
          }),
      ]) {
        const refused = await attempt()
        expect(refused.status).toBe(403)
        expect(refused.body).toMatchObject({ code: 'recent_sign_in_required' })
      }
      expect((await client.get<PasskeyAnswer[]>('/api/store/passkeys')).body).toEqual([])
    } finally {
      now -= 11 * 60_000
    }
  })

  it('refuses a ceremony that is unknown, already used, expired, or begun by someone else, with a 400', async () => {
    const client = await signedIn()
    const authenticator = softwareAuthenticator(SHOP)
    const { body: begun } = await client.post<Options>('/api/store/passkeys/registration/options')
    const response = authenticator.register(begun.options)

    for (const ceremony_id of [randomUUID(), 'not-a-uuid']) {
      const unknown = await client.post('/api/store/passkeys', { ceremony_id, response })
      expect(unknown.status).toBe(400)
      expect(unknown.body).toMatchObject({ code: 'passkey_ceremony_expired' })
    }

    const stranger = await signedIn()
    const theirs = await stranger.post('/api/store/passkeys', { ceremony_id: begun.ceremony_id, response })
    expect(theirs.status).toBe(400)
    expect(theirs.body).toMatchObject({ code: 'passkey_ceremony_expired' })

    expect((await client.post('/api/store/passkeys', { ceremony_id: begun.ceremony_id, response })).status).toBe(201)
    const replayed = await client.post('/api/store/passkeys', { ceremony_id: begun.ceremony_id, response })
    expect(replayed.status).toBe(400)
    expect(replayed.body).toMatchObject({ code: 'passkey_ceremony_expired' })

    const { body: late } = await client.post<Options>('/api/store/passkeys/registration/options')
    now += 5 * 60_000 + 1
    const expired = await client.post('/api/store/passkeys', {
      ceremony_id: late.ceremony_id,
      response: softwareAuthenticator(SHOP).register(late.options),
    })
    expect(expired.status).toBe(400)
    expect(expired.body).toMatchObject({ code: 'passkey_ceremony_expired' })
    expect((await client.get<unknown[]>('/api/store/passkeys')).body).toHaveLength(1)
  })

  it('refuses, with a 400 and never a 500, a registration made for another site or that is not a credential at all', async () => {
    const client = await signedIn()
    for (const response of [
      (begun: Options) => softwareAuthenticator('https://shop.example.evil.test').register(begun.options),
      (begun: Options) => ({ ...softwareAuthenticator(SHOP).register({ ...begun.options, challenge: 'other' }) }),
      () => ({ id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: 'not base64 json' } }),
      () => ({ id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: '', attestationObject: 7 } }),
    ]) {
      const { body: begun } = await client.post<Options>('/api/store/passkeys/registration/options')
      const refused = await client.post('/api/store/passkeys', {
        ceremony_id: begun.ceremony_id,
        response: response(begun),
      })
      expect(refused.status).toBe(400)
      expect(refused.body).toMatchObject({ code: 'passkey_not_verified' })
    }
    expect((await client.get<unknown[]>('/api/store/passkeys')).body).toEqual([])
  })

  it('signs nobody in with a passkey it does not know, one answering another challenge, or a cloned one', async () => {
    const { authenticator } = await withPasskey()
    const visitor = testClient(platform.app)

    const stranger = softwareAuthenticator(SHOP)
    stranger.register({ challenge: 'x', user: { id: isoUserHandle(randomUUID()) } })
    const unknownOptions = await signInOptions(visitor)
    const unknown = await visitor.post('/api/store/passkeys/sign-in', {
      ceremony_id: unknownOptions.ceremony_id,
      response: stranger.signIn(unknownOptions.options),
    })
    expect(unknown.status).toBe(401)
    expect(unknown.body).toMatchObject({ code: 'passkey_not_recognised' })

    const first = await signInOptions(visitor)
    const second = await signInOptions(visitor)
    const answersAnother = await visitor.post('/api/store/passkeys/sign-in', {
      ceremony_id: first.ceremony_id,
      response: authenticator.signIn(second.options),
    })
    expect(answersAnother.status).toBe(401)
    expect(answersAnother.body).toMatchObject({ code: 'passkey_not_recognised' })

    const good = await signInOptions(visitor)
    const response = authenticator.signIn(good.options)
    expect(
      (await visitor.post('/api/store/passkeys/sign-in', { ceremony_id: good.ceremony_id, response })).status,
    ).toBe(200)
    const replayed = await testClient(platform.app).post('/api/store/passkeys/sign-in', {
      ceremony_id: good.ceremony_id,
      response,
    })
    expect(replayed.status).toBe(400)
    expect(replayed.body).toMatchObject({ code: 'passkey_ceremony_expired' })

    // A copy of the key whose signature counter is behind the one we last saw.
    const cloned = await signInOptions(visitor)
    const behind = await testClient(platform.app).post('/api/store/passkeys/sign-in', {
      ceremony_id: cloned.ceremony_id,
      response: authenticator.signIn(cloned.options, { counter: 1 }),
    })
    expect(behind.status).toBe(401)
    expect(behind.body).toMatchObject({ code: 'passkey_not_recognised' })
  })

  it("removes the shopper's own passkey, and answers 404 for anyone else's", async () => {
    const { client: owner, passkey } = await withPasskey()
    const other = await signedIn()
    const refused = await other.delete(`/api/store/passkeys/${passkey.id}`)
    expect(refused.status).toBe(404)
    expect((await owner.get('/api/store/passkeys')).body).toEqual([passkey])
    expect((await owner.delete(`/api/store/passkeys/${passkey.id}`)).status).toBe(204)
    expect((await owner.get('/api/store/passkeys')).body).toEqual([])
    expect((await owner.delete(`/api/store/passkeys/${passkey.id}`)).status).toBe(404)
  })

  it('keeps passkey management to signed-in shoppers', async () => {
    const ambassador = await signedIn('ambassador')
    const anonymous = testClient(platform.app)
    const calls = [
      ['POST', '/api/store/passkeys/registration/options'],
      ['POST', '/api/store/passkeys'],
      ['GET', '/api/store/passkeys'],
      ['DELETE', `/api/store/passkeys/${randomUUID()}`],
    ] as const
    for (const [method, url] of calls) {
      const body = method === 'POST' ? { ceremony_id: randomUUID(), response: {} } : undefined
      expect({ url, status: (await anonymous.request(method, url, body)).status }).toEqual({ url, status: 401 })
      expect({ url, status: (await ambassador.request(method, url, body)).status }).toEqual({ url, status: 403 })
    }
  })
})

describe('passkey sign-in limits', () => {
  it('counts passkey sign-ins against the same per-address allowance as password sign-ins', async () => {
    const limited = await startTestPlatform([usersService], { PUBLIC_URL: SHOP, AUTH_RATE_LIMIT_PER_MINUTE: '3' })
    try {
      const client = testClient(limited.app)
      const person = { first_name: 'Ada', last_name: 'L', email: 'ada@example.com', password: 'pass-word' }
      expect((await client.post('/api/store/register', { ...person, password_confirm: 'pass-word' })).status).toBe(201)
      expect((await client.post('/api/store/login', person)).status).toBe(200)
      expect((await client.post('/api/store/passkeys/sign-in/options')).status).toBe(200)
      const held = await client.post('/api/store/passkeys/sign-in', { ceremony_id: randomUUID(), response: {} })
      expect(held.status).toBe(429)
    } finally {
      await limited.close()
    }
  })
})

/** The base64url user handle a browser reports for an account id. */
function isoUserHandle(accountId: string) {
  return Buffer.from(accountId).toString('base64url')
}
