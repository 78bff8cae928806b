import { generateKeyPairSync } from 'node:crypto'
import { createTokenIssuer } from '@ambassador/kit/auth/tokens'
import { newId } from '@ambassador/kit/ids/ids'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ambassadorService } from './index.ts'

// This service alone, as it runs in its own process when distributed: it knows sessions only from user.* events.
const { privateKey, publicKey } = generateKeyPairSync('ed25519')
let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([ambassadorService], {
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  })
})
afterAll(() => platform?.close())

const stats = (token: string) =>
  platform.app.inject({ url: '/api/ambassador/stats', headers: { authorization: `Bearer ${token}` } })

describe('sessions, as a service other than users knows them', () => {
  it('refuses a token issued before the user signed out, as soon as the news arrives', async () => {
    const user = {
      id: newId(),
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      role: 'ambassador' as const,
    }
    await platform.publish('user.registered', user.id, { ...user, session_version: 0 })
    const issuer = createTokenIssuer(privateKey)
    const before = await issuer.issue({ userId: user.id, scope: 'ambassador', sessionVersion: 0 })
    expect((await stats(before)).statusCode).toBe(200)

    await platform.publish('user.updated', user.id, { ...user, session_version: 1 }) // signed out in the users service
    expect((await stats(before)).statusCode).toBe(401)
    const after = await issuer.issue({ userId: user.id, scope: 'ambassador', sessionVersion: 1 })
    expect((await stats(after)).statusCode).toBe(200)
  })
})
