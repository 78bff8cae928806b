import type { FastifyReply } from 'fastify'
import { OIDC_SIGN_IN_MINUTES } from './oidc.ts'

/**
 * The cookie that ties a sign-in under way to the browser that started it (see `bindingOf`). Only the start and the
 * callback need it; it lives as long as the sign-in does.
 */
export const OIDC_BINDING_COOKIE = 'oidc_sign_in'
const PATH = '/api/store/oidc'

/** Set by the start; a later start in the same browser replaces it (the earlier sign-in can no longer finish). */
export function setBindingCookie(reply: FastifyReply, binding: string, secure: boolean) {
  reply.setCookie(OIDC_BINDING_COOKIE, binding, {
    httpOnly: true,
    path: PATH,
    sameSite: 'lax',
    maxAge: OIDC_SIGN_IN_MINUTES * 60,
    secure,
  })
}

/** Cleared by the callback, whatever it finds: the sign-in under way is over. */
export function clearBindingCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(OIDC_BINDING_COOKIE, { httpOnly: true, path: PATH, sameSite: 'lax', secure })
}
