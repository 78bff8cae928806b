import {
  CurrentUser,
  LoginBody,
  Message,
  RegisterBody,
  UpdateInfoBody,
  UpdatePasswordBody,
  User,
} from '@ambassador/contracts/http'
import { forbidden } from '@ambassador/kit/errors/errors'
import { cachedReply } from '@ambassador/kit/http/cached-reply'
import { clearAuthCookie, setAuthCookie } from '@ambassador/kit/http/cookies'
import { type HttpApp, mountUnder, principalOf } from '@ambassador/kit/http/server'
import { ACCOUNT_AREAS } from './account-areas.ts'
import {
  accountScope,
  changePassword,
  currentUser,
  endSessions,
  logIn,
  publicUser,
  registerUser,
  type UsersContext,
  updateProfile,
} from './accounts.ts'
import { linkRoutes } from './link-routes.ts'
import { oidcRoutes } from './oidc-routes.ts'
import { passkeyRoutes } from './passkey-routes.ts'

/** The account routes, served alike under /api/admin, /api/ambassador and /api/store (shoppers): the prefix is the scope. */
export async function userRoutes(app: HttpApp, ctx: UsersContext) {
  const secure = ctx.config.publicUrl.startsWith('https:')
  // One count per client address for signing in and registering, in both areas (a second area is no second chance).
  const signInLimit = app.rateLimit({
    max: ctx.config.authRateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => `sign-in:${request.ip}`,
  })

  for (const [scope, prefix] of ACCOUNT_AREAS) {
    const tags = [scope]
    await mountUnder(app, prefix, (area) => {
      area.post(
        '/register',
        {
          config: { auth: 'public' },
          onRequest: signInLimit,
          schema: { tags, body: RegisterBody, response: { 201: User } },
        },
        async (request, reply) => {
          // Admins are not self-service: only a logged-in admin can add one (the first comes from config or CLI).
          if (scope === 'admin' && request.principal?.scope !== 'admin') {
            throw forbidden('Admin registration is closed; an existing admin must create new admin accounts')
          }
          const account = await registerUser(ctx, request.body, scope)
          return reply.status(201).send(publicUser(account))
        },
      )

      area.post(
        '/login',
        {
          config: { auth: 'public' },
          onRequest: signInLimit,
          schema: { tags, body: LoginBody, response: { 200: Message } },
        },
        async (request, reply) => {
          const token = await logIn(ctx, request.body.email, request.body.password, scope)
          setAuthCookie(reply, token, secure)
          return { message: 'success' }
        },
      )

      area.get(
        '/user',
        { config: { auth: scope }, schema: { tags, response: { 200: CurrentUser } } },
        (request, reply) => {
          const { userId } = principalOf(request)
          const slot = { scope: accountScope(userId), key: scope, ttlSeconds: 300 }
          return cachedReply(ctx.cache, request, reply, slot, () => currentUser(ctx, userId))
        },
      )

      area.post(
        '/logout',
        { config: { auth: scope }, schema: { tags, response: { 200: Message } } },
        async (request, reply) => {
          // The token ends too, not only the cookie: a copy of it (a Bearer client, a stolen cookie) opens no door.
          await endSessions(ctx, principalOf(request).userId)
          clearAuthCookie(reply, secure)
          return { message: 'success' }
        },
      )

      area.put(
        '/users/info',
        { config: { auth: scope }, schema: { tags, body: UpdateInfoBody, response: { 200: User } } },
        async (request) => publicUser(await updateProfile(ctx, principalOf(request), request.body)),
      )

      area.put(
        '/users/password',
        { config: { auth: scope }, schema: { tags, body: UpdatePasswordBody, response: { 200: User } } },
        async (request, reply) => {
          // Every other session ends; this one goes on with a fresh token.
          const { account, token } = await changePassword(ctx, principalOf(request), request.body)
          setAuthCookie(reply, token, secure)
          return publicUser(account)
        },
      )
    })
  }
  await linkRoutes(app, ctx)
  await passkeyRoutes(app, ctx, signInLimit)
  await oidcRoutes(app, ctx)
}
