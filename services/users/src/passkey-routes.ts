import {
  AddPasskeyBody,
  Message,
  Passkey,
  PasskeyIdParams,
  PasskeyList,
  PasskeyRegistrationOptions,
  PasskeyRemoved,
  PasskeySignInBody,
  PasskeySignInOptions,
} from '@ambassador/contracts/http'
import { setAuthCookie } from '@ambassador/kit/http/cookies'
import { type HttpApp, mountUnder, principalOf } from '@ambassador/kit/http/server'
import { requireRecentSignIn, type UsersContext } from './accounts.ts'
import {
  addPasskey,
  listPasskeys,
  publicPasskey,
  removePasskey,
  signInWithPasskey,
  startPasskeyRegistration,
  startPasskeySignIn,
} from './passkeys.ts'

/** The limiter the password sign-in uses: a passkey attempt counts against the same per-address allowance. */
type SignInLimit = ReturnType<HttpApp['rateLimit']>

/** Passkeys of shopper accounts: adding, listing and removing them (signed in), and signing in with one. */
export async function passkeyRoutes(app: HttpApp, ctx: UsersContext, signInLimit: SignInLimit) {
  const secure = ctx.config.publicUrl.startsWith('https:')
  const tags = ['shopper', 'passkeys']
  await mountUnder(app, '/api/store/passkeys', (area) => {
    area.post(
      '/registration/options',
      { config: { auth: 'shopper' }, schema: { tags, response: { 200: PasskeyRegistrationOptions } } },
      (request) => {
        requireRecentSignIn(ctx, principalOf(request))
        return startPasskeyRegistration(ctx, principalOf(request).userId)
      },
    )

    area.post(
      '',
      { config: { auth: 'shopper' }, schema: { tags, body: AddPasskeyBody, response: { 201: Passkey } } },
      async (request, reply) => {
        requireRecentSignIn(ctx, principalOf(request))
        const passkey = await addPasskey(ctx, principalOf(request).userId, request.body)
        return reply.status(201).send(publicPasskey(passkey))
      },
    )

    area.get('', { config: { auth: 'shopper' }, schema: { tags, response: { 200: PasskeyList } } }, async (request) =>
      (await listPasskeys(ctx.db, principalOf(request).userId)).map(publicPasskey),
    )

    area.delete(
      '/:id',
      {
        config: { auth: 'shopper' },
        schema: { tags, params: PasskeyIdParams, response: { 204: PasskeyRemoved } },
      },
      async (request, reply) => {
        await removePasskey(ctx.db, principalOf(request).userId, request.params.id)
        return reply.status(204).send(null)
      },
    )

    area.post(
      '/sign-in/options',
      {
        config: { auth: 'public' },
        onRequest: signInLimit,
        schema: { tags, response: { 200: PasskeySignInOptions } },
      },
      () => startPasskeySignIn(ctx),
    )

    area.post(
      '/sign-in',
      {
        config: { auth: 'public' },
        onRequest: signInLimit,
        schema: { tags, body: PasskeySignInBody, response: { 200: Message } },
      },
      async (request, reply) => {
        setAuthCookie(reply, await signInWithPasskey(ctx, request.body), secure)
        return { message: 'success' }
      },
    )
  })
}
