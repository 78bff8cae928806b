import { generateKeyPairSync } from 'node:crypto'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createTokenIssuer, createTokenVerifier, TOKEN_TTL_SECONDS } from './tokens.ts'

const keys = () => generateKeyPairSync('ed25519')
const ada = { userId: '0190a7a2-0000-7000-8000-000000000001', scope: 'ambassador' as const, sessionVersion: 3 }

describe('session tokens', () => {
  it('opens the door to the user and scope they were issued for', async () => {
    const { privateKey, publicKey } = keys()
    const token = await createTokenIssuer(privateKey).issue(ada)
    const verifier = createTokenVerifier(publicKey)
    expect(await verifier.verify(token)).toMatchObject(ada)
    expect(await verifier.verify(token)).toMatchObject(ada) // the second time from memory, the same answer
  })

  it('refuses a token signed with another key, and one whose payload was changed', async () => {
    const mine = keys()
    const theirs = keys()
    const verifier = createTokenVerifier(mine.publicKey)
    const forged = await createTokenIssuer(theirs.privateKey).issue(ada)
    expect(await verifier.verify(forged)).toBeUndefined()
    const genuine = await createTokenIssuer(mine.privateKey).issue(ada)
    expect(await verifier.verify(genuine)).toMatchObject(ada)
    const [header, payload, signature] = genuine.split('.')
    const admin = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), scope: 'admin' }),
    ).toString('base64url')
    expect(await verifier.verify(`${header}.${admin}.${signature}`)).toBeUndefined()
  })

  it('stops opening the door when the token expires, though it was remembered', async () => {
    const { privateKey, publicKey } = keys()
    let now = Date.now()
    const verifier = createTokenVerifier(publicKey, () => now)
    const token = await createTokenIssuer(privateKey).issue(ada)
    expect(await verifier.verify(token)).toMatchObject(ada)
    now += (TOKEN_TTL_SECONDS + 1) * 1000
    expect(await verifier.verify(token)).toBeUndefined()
  })

  it('refuses a token that never expires', async () => {
    const { privateKey, publicKey } = keys()
    const forever = await new SignJWT({ scope: 'ambassador', sv: 0 })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(ada.userId)
      .setIssuer('ambassador-users')
      .setIssuedAt()
      .sign(privateKey)
    expect(await createTokenVerifier(publicKey).verify(forever)).toBeUndefined()
  })

  it('carries when the user last signed in with a password, kept when a token is issued again', async () => {
    const { privateKey, publicKey } = keys()
    const issuer = createTokenIssuer(privateKey)
    const signedInAt = Math.floor(Date.now() / 1000) - 3_600
    const token = await issuer.issue({ ...ada, authTime: signedInAt })
    expect(await createTokenVerifier(publicKey).verify(token)).toEqual({ ...ada, authTime: signedInAt })
  })
})
