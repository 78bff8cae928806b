import type { FastifyReply } from 'fastify'
import { TOKEN_TTL_SECONDS } from '../auth/tokens.ts'

export const AUTH_COOKIE = 'jwt'

/** The session cookie: httpOnly, whole site, 1 day, Secure when we are served over https. */
export function setAuthCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(AUTH_COOKIE, token, {
    httpOnly: true,
    path: '/',
    sameSite: 'lax',
    maxAge: TOKEN_TTL_SECONDS,
    secure,
  })
}

export function clearAuthCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(AUTH_COOKIE, { httpOnly: true, path: '/', sameSite: 'lax', secure })
}
