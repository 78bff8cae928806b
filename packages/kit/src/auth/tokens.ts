import type { KeyObject } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'

export type Scope = 'admin' | 'ambassador' | 'shopper'
/**
 * Who is calling: the user and the area (admin or ambassador) their token opens; the user's session version when
 * it was issued (signing out or changing the password moves it on, ending every token issued before); and when the
 * user last proved who they are with a password (seconds since the epoch), for changes that need a recent sign-in.
 */
export type Principal = { userId: string; scope: Scope; sessionVersion: number; authTime: number }

export const TOKEN_TTL_SECONDS = 24 * 60 * 60
const ISSUER = 'ambassador-users'

export type TokenIssuer = {
  /** A token for the principal; `authTime` defaults to now (a sign-in). */
  issue(principal: Omit<Principal, 'authTime'> & { authTime?: number }): Promise<string>
}
export type TokenVerifier = { verify(token: string): Promise<Principal | undefined> }

/** Signs session tokens (EdDSA); only the users service holds the private key. */
export function createTokenIssuer(privateKey: KeyObject): TokenIssuer {
  return {
    issue: ({ userId, scope, sessionVersion, authTime }) =>
      new SignJWT({ scope, sv: sessionVersion, auth_time: authTime ?? Math.floor(Date.now() / 1000) })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_TTL_SECONDS}s`)
        .sign(privateKey),
  }
}

/** How many verified tokens a process remembers (a signature check costs more than the rest of a cached read). */
const VERIFIED_TOKENS_KEPT = 10_000

/**
 * Checks a token locally with the public key: no call to the users service. Anything invalid is "no one".
 * A token that verified is remembered until it expires, so a client's next requests skip the signature check.
 */
export function createTokenVerifier(publicKey: KeyObject, now: () => number = Date.now): TokenVerifier {
  const verified = new Map<string, { principal: Principal; expiresAt: number }>()
  return {
    async verify(token) {
      const known = verified.get(token)
      if (known) {
        if (known.expiresAt > now()) return known.principal
        verified.delete(token)
      }
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: ISSUER,
          algorithms: ['EdDSA'],
          currentDate: new Date(now()),
          requiredClaims: ['exp', 'sub'], // a token that never expires is no token
        })
        if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return undefined
        if (payload.scope !== 'admin' && payload.scope !== 'ambassador' && payload.scope !== 'shopper') return undefined
        // Tokens from before session versions existed carry none: version 0, which every account starts at.
        const sessionVersion = typeof payload.sv === 'number' ? payload.sv : 0
        const authTime = typeof payload.auth_time === 'number' ? payload.auth_time : (payload.iat ?? 0)
        const principal: Principal = Object.freeze({
          userId: payload.sub,
          scope: payload.scope,
          sessionVersion,
          authTime,
        })
        if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value as string)
        verified.set(token, { principal, expiresAt: payload.exp * 1000 })
        return principal
      } catch {
        return undefined
      }
    },
  }
}
