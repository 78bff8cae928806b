import type { KeyObject } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'

export type Scope = 'admin' | 'ambassador'
/** Who is calling: the user and the area (admin or ambassador) their token opens. */
export type Principal = { userId: string; scope: Scope }

export const TOKEN_TTL_SECONDS = 24 * 60 * 60
const ISSUER = 'ambassador-users'

export type TokenIssuer = { issue(principal: Principal): Promise<string> }
export type TokenVerifier = { verify(token: string): Promise<Principal | undefined> }

/** Signs session tokens (EdDSA); only the users service holds the private key. */
export function createTokenIssuer(privateKey: KeyObject): TokenIssuer {
  return {
    issue: ({ userId, scope }) =>
      new SignJWT({ scope })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_TTL_SECONDS}s`)
        .sign(privateKey),
  }
}

/** Checks a token locally with the public key: no call to the users service. Anything invalid is "no one". */
export function createTokenVerifier(publicKey: KeyObject): TokenVerifier {
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: ISSUER, algorithms: ['EdDSA'] })
        if (typeof payload.sub !== 'string') return undefined
        if (payload.scope !== 'admin' && payload.scope !== 'ambassador') return undefined
        return { userId: payload.sub, scope: payload.scope }
      } catch {
        return undefined
      }
    },
  }
}
