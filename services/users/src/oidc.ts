import { createHash, timingSafeEqual } from 'node:crypto'
import { looksLikeEmail } from '@ambassador/kit/config/config'
import { isLoopbackIssuer, type OidcProviderConfig } from '@ambassador/kit/config/oidc-providers'
import { inTransaction } from '@ambassador/kit/db/database'
import { AppError, badRequest, notFound } from '@ambassador/kit/errors/errors'
import type { Logger } from '@ambassador/kit/log/log'
import { and, eq, lt } from 'drizzle-orm'
import * as openid from 'openid-client'
import { type UsersContext, verifiedAccountFor } from './accounts.ts'
import { accounts, oidcIdentities, oidcSignIns } from './schema.ts'

type Account = typeof accounts.$inferSelect

/** How long a shopper has at the provider (signing in, consenting) before the sign-in under way is forgotten. */
export const OIDC_SIGN_IN_MINUTES = 10

/**
 * Why an OpenID Connect sign-in did not end signed in; the callback sends the browser to
 * `/account/sign-in?error=<code>`, where the page says it in a sentence.
 */
export type OidcFailure =
  /** The sign-in under way is unknown, already used, or older than ten minutes. */
  | 'expired'
  /** The callback came to another browser than the one that started the sign-in (or one that started another since). */
  | 'browser_mismatch'
  /** The shopper said no at the provider (`error=access_denied`). */
  | 'cancelled'
  /** The provider sent another error back. */
  | 'provider_error'
  /** The provider's discovery document could not be fetched. */
  | 'provider_unavailable'
  /** The code exchange or a check on its answer (state, nonce, PKCE, ID token signature…) failed. */
  | 'sign_in_failed'
  /** The provider gave no email address. */
  | 'email_missing'
  /** The provider does not vouch for the address (email_verified is not true). */
  | 'email_not_verified'
  /** The address belongs to an admin or ambassador: they sign in with their password, in their own area. */
  | 'staff_account'

const failure = (status: number, code: OidcFailure, message: string) => new AppError(status, message, code)

/** The configured providers, each discovered once per process (a failed discovery is tried again next time). */
export type OidcClients = {
  list: OidcProviderConfig[]
  find(id: string): OidcProviderConfig | undefined
  configuration(provider: OidcProviderConfig): Promise<openid.Configuration>
}

export function oidcClients(providers: OidcProviderConfig[], log: Logger): OidcClients {
  const discovered = new Map<string, Promise<openid.Configuration>>()
  return {
    list: providers,
    find: (id) => providers.find((p) => p.id === id),
    async configuration(provider) {
      let configuration = discovered.get(provider.id)
      if (!configuration) {
        configuration = discover(provider)
        discovered.set(provider.id, configuration)
        configuration.catch(() => discovered.delete(provider.id))
      }
      try {
        return await configuration
      } catch (error) {
        log.warn({ provider: provider.id, err: error }, 'could not discover the OpenID provider')
        throw failure(503, 'provider_unavailable', `${provider.name} cannot be reached; try again shortly`)
      }
    },
  }
}

async function discover(provider: OidcProviderConfig): Promise<openid.Configuration> {
  // openid-client speaks https only; a provider on this machine (tests, development) may use http. The config
  // refuses any other http issuer, so production stays https-only.
  const insecure = isLoopbackIssuer(provider.issuer)
  const found = await openid.discovery(
    new URL(provider.issuer),
    provider.clientId,
    provider.clientSecret,
    undefined,
    insecure ? { execute: [openid.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
  )
  // client_secret_basic is the standard default; a provider that does not offer it gets the secret in the form.
  const metadata = found.serverMetadata()
  const methods = metadata.token_endpoint_auth_methods_supported
  const auth =
    methods === undefined || methods.includes('client_secret_basic')
      ? openid.ClientSecretBasic(provider.clientSecret)
      : openid.ClientSecretPost(provider.clientSecret)
  const configuration = new openid.Configuration(metadata, provider.clientId, provider.clientSecret, auth)
  if (insecure) openid.allowInsecureRequests(configuration)
  return configuration
}

/** Where the provider sends the browser back to: registered at the provider as the client's redirect URI. */
export function callbackUrl(ctx: UsersContext, providerId: string): string {
  return `${ctx.config.publicUrl}/api/store/oidc/${providerId}/callback`
}

/**
 * A path on this site to go to after signing in, or a 400: never another origin (`//evil.example`, `/\evil`,
 * `https://…`), which would make the sign-in an open redirect.
 */
export function returnPath(returnTo: string, publicUrl: string): string {
  const invalid = () => badRequest('return_to must be a path on this site, like /account', 'invalid_return_to')
  if (!returnTo.startsWith('/') || returnTo.startsWith('//') || /[\\\s]/.test(returnTo)) throw invalid()
  const site = new URL(publicUrl)
  const resolved = new URL(returnTo, site)
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`
  // Dot segments collapse on the way: `/..//evil.example` comes out as `//evil.example`, another site again.
  if (resolved.origin !== site.origin || path.startsWith('//')) throw invalid()
  return path
}

/**
 * What ties a sign-in to the browser that started it, kept there in a cookie (`oidc-binding.ts`) and asked for by
 * the callback: without it, someone could start a sign-in with their own provider account, stop before coming back
 * and send another person's browser to the callback, which would sign that browser into their account (login CSRF).
 * A hash of the state: the cookie never holds the state itself.
 */
export function bindingOf(state: string): string {
  return createHash('sha256').update(state).digest('base64url')
}

function isBoundTo(binding: string | undefined, state: string): boolean {
  if (binding === undefined) return false
  const expected = Buffer.from(bindingOf(state))
  const given = Buffer.from(binding)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * Starts signing in with a provider: keeps what the callback must match (state) and prove (the PKCE verifier, the
 * nonce) for ten minutes, and returns the provider's authorization URL to send the browser to, with the browser's
 * binding to keep for the callback. Sign-ins left unfinished are swept away here, so they never pile up.
 */
export async function startOidcSignIn(
  ctx: UsersContext,
  clients: OidcClients,
  input: { providerId: string; returnTo: string },
): Promise<{ authorizationUrl: URL; binding: string }> {
  const provider = clients.find(input.providerId)
  if (!provider) throw notFound(`There is no sign-in with "${input.providerId}" here`, 'unknown_provider')
  const returnTo = returnPath(input.returnTo, ctx.config.publicUrl)
  const configuration = await clients.configuration(provider)
  const state = openid.randomState()
  const nonce = openid.randomNonce()
  const codeVerifier = openid.randomPKCECodeVerifier()
  const now = ctx.clock.now()
  await ctx.db.delete(oidcSignIns).where(lt(oidcSignIns.expiresAt, now.toISOString()))
  await ctx.db.insert(oidcSignIns).values({
    state,
    provider: provider.id,
    codeVerifier,
    nonce,
    returnTo,
    expiresAt: new Date(now.getTime() + OIDC_SIGN_IN_MINUTES * 60_000).toISOString(),
  })
  const authorizationUrl = openid.buildAuthorizationUrl(configuration, {
    redirect_uri: callbackUrl(ctx, provider.id),
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await openid.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  })
  return { authorizationUrl, binding: bindingOf(state) }
}

/**
 * Finishes a sign-in where the provider sent the browser back (`callback` is that whole URL, `binding` the
 * browser's cookie): the sign-in under way is taken by its state and spent (a second use finds nothing), it must be
 * the one this browser started, the code is exchanged with the PKCE verifier and the ID token checked (signature,
 * issuer, audience, nonce), and the provider's user becomes an account:
 * - an identity (issuer, subject) seen before opens the account it was linked to;
 * - else the provider must vouch for the email (`email_verified`): the shopper account with that address is
 *   marked verified, or made, and linked. An address it does not vouch for is refused, whether an account has it
 *   (that would hand the account to whoever typed its address at some provider) or not (the account would be
 *   waiting for the address's real owner, who could not sign up);
 * - an admin's or ambassador's address is refused: they use their password in their own area.
 */
export async function finishOidcSignIn(
  ctx: UsersContext,
  clients: OidcClients,
  input: { providerId: string; callback: URL; binding: string | undefined },
): Promise<{ account: Account; returnTo: string }> {
  const params = input.callback.searchParams
  const state = params.get('state')
  const [signIn] = state ? await ctx.db.delete(oidcSignIns).where(eq(oidcSignIns.state, state)).returning() : []
  const error = params.get('error')
  if (error === 'access_denied') throw failure(400, 'cancelled', 'Signing in was cancelled at the provider')
  if (error !== null) throw failure(400, 'provider_error', `The provider answered "${error.slice(0, 100)}"`)
  if (!signIn || Date.parse(signIn.expiresAt) <= ctx.clock.now().getTime()) {
    throw failure(400, 'expired', 'This sign-in has expired or was already used; start again')
  }
  if (!isBoundTo(input.binding, signIn.state)) {
    throw failure(400, 'browser_mismatch', 'This sign-in was started in another browser; start again here')
  }
  const provider = clients.find(input.providerId)
  if (!provider || signIn.provider !== provider.id) {
    throw failure(400, 'sign_in_failed', 'This sign-in was started with another provider')
  }
  const configuration = await clients.configuration(provider)
  const claims = await provenClaims(ctx.log, configuration, input.callback, signIn)
  const account = await accountForIdentity(ctx, configuration.serverMetadata().issuer, claims)
  return { account, returnTo: signIn.returnTo }
}

type Claims = { sub: string; email?: unknown; email_verified?: unknown; [claim: string]: unknown }

/** The ID token's claims once every check passed, completed from the UserInfo endpoint when it has no email. */
async function provenClaims(
  log: Logger,
  configuration: openid.Configuration,
  callback: URL,
  signIn: typeof oidcSignIns.$inferSelect,
): Promise<Claims> {
  try {
    const tokens = await openid.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: signIn.codeVerifier,
      expectedState: signIn.state,
      expectedNonce: signIn.nonce,
      idTokenExpected: true,
    })
    const idToken = tokens.claims()
    if (!idToken) throw new Error('no ID token')
    // Some providers keep the ID token thin and give the profile at UserInfo (for the same subject only).
    if (idToken.email !== undefined || !configuration.serverMetadata().userinfo_endpoint) return idToken
    const userInfo = await openid.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
    return { ...userInfo, ...idToken }
  } catch (error) {
    log.warn({ provider: signIn.provider, err: error }, 'an OpenID sign-in failed its checks')
    throw failure(401, 'sign_in_failed', 'The provider’s answer could not be verified; start again')
  }
}

async function accountForIdentity(ctx: UsersContext, issuer: string, claims: Claims): Promise<Account> {
  const account = await linkedAccount(ctx, issuer, claims)
  ctx.sessions.forget(account.id) // after the commit: a claimed account's older sessions end at once
  return account
}

function linkedAccount(ctx: UsersContext, issuer: string, claims: Claims): Promise<Account> {
  return inTransaction(ctx.db, async (tx) => {
    const [linked] = await tx
      .select({ account: accounts })
      .from(oidcIdentities)
      .innerJoin(accounts, eq(accounts.id, oidcIdentities.accountId))
      .where(and(eq(oidcIdentities.issuer, issuer), eq(oidcIdentities.subject, claims.sub)))
    if (linked) return linked.account

    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : ''
    if (!looksLikeEmail(email)) throw failure(400, 'email_missing', 'The provider gave no email address')
    // Before the staff check: anyone can type a staff address at a provider that does not verify it, and must not
    // learn from the answer that it is one. Some providers send the claim as the string "true".
    if (claims.email_verified !== true && claims.email_verified !== 'true') {
      throw failure(403, 'email_not_verified', 'The provider has not confirmed this email address')
    }
    const [existing] = await tx.select({ role: accounts.role }).from(accounts).where(eq(accounts.email, email))
    if (existing && existing.role !== 'shopper') {
      throw failure(403, 'staff_account', 'This address belongs to a staff account; sign in with its password')
    }
    const account = await verifiedAccountFor(ctx, tx, { email, ...namesOf(claims, email) })
    await tx
      .insert(oidcIdentities)
      .values({ issuer, subject: claims.sub, accountId: account.id, createdAt: ctx.clock.now().toISOString() })
    return account
  })
}

/**
 * The names a new account gets: the provider's given and family names, else its full name split at the first
 * space, else the address's local part; the shopper can change them in their profile.
 */
function namesOf(claims: Claims, email: string): { firstName: string; lastName: string } {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined)
  const [first, ...rest] = (text(claims.name) ?? '').split(/\s+/)
  const firstName = text(claims.given_name) ?? text(first) ?? email.slice(0, email.indexOf('@'))
  const lastName = text(claims.family_name) ?? text(rest.join(' ')) ?? '-'
  return { firstName: firstName.slice(0, 100), lastName: lastName.slice(0, 100) }
}
