import {
  MagicLinkBody,
  MagicLinkCheck,
  MagicLinkCheckBody,
  MagicLinkSignInBody,
  Message,
  PasswordResetBody,
  PasswordResetConfirmBody,
} from '@ambassador/contracts/http'
import { setAuthCookie } from '@ambassador/kit/http/cookies'
import { type HttpApp, mountUnder } from '@ambassador/kit/http/server'
import { ACCOUNT_AREAS } from './account-areas.ts'
import type { UsersContext } from './accounts.ts'
import {
  describeSignInLink,
  requestPasswordReset,
  requestSignInLink,
  resetPassword,
  signInByLink,
} from './one-time-links.ts'

const SENT = { message: 'If the address can get a link here, one is on its way' }

/**
 * Ways in by email: sign-in links for shoppers (which also open an account), and password reset links for every
 * area. Asking answers the same whether or not the address has an account; each client address may ask, and spend,
 * as often as it may sign in.
 */
export async function linkRoutes(app: HttpApp, ctx: UsersContext) {
  const secure = ctx.config.publicUrl.startsWith('https:')
  const linkLimit = app.rateLimit({
    max: ctx.config.authRateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => `one-time-links:${request.ip}`,
  })

  await mountUnder(app, '/api/store', (area) => {
    const tags = ['shopper']
    area.post(
      '/magic-link',
      {
        config: { auth: 'public' },
        onRequest: linkLimit,
        schema: { tags, body: MagicLinkBody, response: { 202: Message } },
      },
      async (request, reply) => {
        await requestSignInLink(ctx, request.body)
        return reply.status(202).send(SENT)
      },
    )
    area.post(
      '/magic-link/check',
      {
        config: { auth: 'public' },
        onRequest: linkLimit,
        schema: { tags, body: MagicLinkCheckBody, response: { 200: MagicLinkCheck } },
      },
      (request) => describeSignInLink(ctx, request.body.token),
    )
    area.post(
      '/magic-link/sign-in',
      {
        config: { auth: 'public' },
        onRequest: linkLimit,
        schema: { tags, body: MagicLinkSignInBody, response: { 200: Message } },
      },
      async (request, reply) => {
        setAuthCookie(reply, await signInByLink(ctx, request.body), secure)
        return { message: 'success' }
      },
    )
  })

  for (const [scope, prefix] of ACCOUNT_AREAS) {
    const tags = [scope]
    await mountUnder(app, prefix, (area) => {
      area.post(
        '/password-reset',
        {
          config: { auth: 'public' },
          onRequest: linkLimit,
          schema: { tags, body: PasswordResetBody, response: { 202: Message } },
        },
        async (request, reply) => {
          await requestPasswordReset(ctx, request.body.email, scope)
          return reply.status(202).send(SENT)
        },
      )
      area.post(
        '/password-reset/confirm',
        {
          config: { auth: 'public' },
          onRequest: linkLimit,
          schema: { tags, body: PasswordResetConfirmBody, response: { 200: Message } },
        },
        async (request, reply) => {
          setAuthCookie(reply, await resetPassword(ctx, request.body, scope), secure)
          return { message: 'success' }
        },
      )
    })
  }
}
