import type { FastifyReply } from 'fastify'
import { TOKEN_TTL_SECONDS } from '../auth/tokens.ts'

export const AUTH_COOKIE = 'jwt'
/**
 * Set beside the session cookie, readable by the page and holding no secret ("1"): a page that only wants to know
 * whether to ask who is signed in (the checkout prefilling a shopper's address) skips the request — and its 401 —
 * for the many visitors who never signed in. Only a hint: the session cookie decides.
 */
export const SIGNED_IN_HINT_COOKIE = 'signed_in'

/** The session cookie: httpOnly, whole site, 1 day, Secure when we are served over https; and its hint. */
export function setAuthCookie(reply: FastifyReply, token: string, secure: boolean) {
  const options = { path: '/', sameSite: 'lax', maxAge: TOKEN_TTL_SECONDS, secure } as const
  reply.setCookie(AUTH_COOKIE, token, { ...options, httpOnly: true })
  reply.setCookie(SIGNED_IN_HINT_COOKIE, '1', options)
}

export function clearAuthCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(AUTH_COOKIE, { httpOnly: true, path: '/', sameSite: 'lax', secure })
  reply.clearCookie(SIGNED_IN_HINT_COOKIE, { path: '/', sameSite: 'lax', secure })
}
