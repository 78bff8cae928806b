import { OidcProviders } from '@ambassador/contracts/http'
import { AppError } from '@ambassador/kit/errors/errors'
import { setAuthCookie } from '@ambassador/kit/http/cookies'
import { type HttpApp, mountUnder } from '@ambassador/kit/http/server'
import { Type } from 'typebox'
import { sessionToken, type UsersContext } from './accounts.ts'
import { callbackUrl, finishOidcSignIn, oidcClients, startOidcSignIn } from './oidc.ts'
import { clearBindingCookie, OIDC_BINDING_COOKIE, setBindingCookie } from './oidc-binding.ts'

const tags = ['shopper']
const ProviderParams = Type.Object({ provider: Type.String({ maxLength: 60 }) })
const StartQuery = Type.Object({
  return_to: Type.Optional(Type.String({ maxLength: 2000, description: 'a path on this site (default /account)' })),
})
/** What the provider sends back (RFC 6749 §4.1.2, RFC 9207 `iss`); the whole query is handed to openid-client. */
const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4000 })),
  state: Type.Optional(Type.String({ maxLength: 200 })),
  iss: Type.Optional(Type.String({ maxLength: 2000 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 2000 })),
})
const Redirect = Type.Null({ description: 'a redirect (Location)' })

/** Where a sign-in that went wrong lands: the shopper sign-in page says why, from the code. */
const failedSignIn = (code: string) => `/account/sign-in?error=${encodeURIComponent(code)}`

/** Shoppers signing in with an OpenID Connect provider (Google, a company's identity provider…), under /api/store/oidc. */
export async function oidcRoutes(app: HttpApp, ctx: UsersContext) {
  const clients = oidcClients(ctx.config.oidcProviders, ctx.log)
  const secure = ctx.config.publicUrl.startsWith('https:')
  const rateLimit = {
    max: ctx.config.authRateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request: { ip: string }) => `oidc:${request.ip}`,
  }

  await mountUnder(app, '/api/store/oidc', (area) => {
    area.get(
      '/providers',
      { config: { auth: 'public' }, schema: { tags, response: { 200: OidcProviders } } },
      async () => clients.list.map(({ id, name }) => ({ id, name })),
    )

    area.get(
      '/:provider/start',
      {
        config: { auth: 'public', rateLimit },
        schema: { tags, params: ProviderParams, querystring: StartQuery, response: { 302: Redirect } },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store')
        try {
          const { provider } = request.params
          const { authorizationUrl, binding } = await startOidcSignIn(ctx, clients, {
            providerId: provider,
            returnTo: request.query.return_to ?? '/account',
          })
          setBindingCookie(reply, binding, secure)
          return reply.redirect(authorizationUrl.href, 302)
        } catch (error) {
          // A link that is wrong (unknown provider, foreign return_to) is a 4xx; a provider that is down is news
          // for the shopper, on the sign-in page.
          if (error instanceof AppError && error.code === 'provider_unavailable') {
            return reply.redirect(failedSignIn(error.code), 302)
          }
          throw error
        }
      },
    )

    area.get(
      '/:provider/callback',
      {
        // A HEAD (a link checker, a prefetch) must not spend the sign-in under way: GET only.
        exposeHeadRoute: false,
        config: { auth: 'public' },
        schema: { tags, params: ProviderParams, querystring: CallbackQuery, response: { 302: Redirect } },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store')
        const { provider } = request.params
        // The URL the provider redirected to, as registered there: openid-client sends it again as redirect_uri.
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
        const binding = request.cookies[OIDC_BINDING_COOKIE]
        clearBindingCookie(reply, secure)
        try {
          const { account, returnTo } = await finishOidcSignIn(ctx, clients, {
            providerId: provider,
            callback: new URL(`${callbackUrl(ctx, provider)}${query}`),
            binding,
          })
          setAuthCookie(reply, await sessionToken(ctx, account), secure)
          return reply.redirect(returnTo, 302)
        } catch (error) {
          // Never a sign-in, never a bare error page: the browser goes back to the sign-in page, told why.
          if (!(error instanceof AppError)) request.log.error({ err: error }, 'an OpenID sign-in failed')
          return reply.redirect(failedSignIn(error instanceof AppError ? error.code : 'sign_in_failed'), 302)
        }
      },
    )
  })
}
