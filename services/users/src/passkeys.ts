import { randomUUID } from 'node:crypto'
import type { AddPasskeyBody, PasskeySignInBody } from '@ambassador/contracts/http'
import type { Config } from '@ambassador/kit/config/config'
import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { badRequest, conflict, notFound, unauthorized } from '@ambassador/kit/errors/errors'
import { isUuid } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import { and, asc, count, eq, isNull, lt, sql } from 'drizzle-orm'
import { findAccount, sessionToken, type UsersContext } from './accounts.ts'
import { accounts, passkeyChallenges, passkeys } from './schema.ts'

/** How long a ceremony's challenge may be answered: long enough to find a phone, short enough to be useless later. */
const CEREMONY_SECONDS = 5 * 60
/** Enough for every device a person owns; keeps the exclude list a registration sends small. */
const MAX_PASSKEYS_PER_ACCOUNT = 20

type PasskeyRow = typeof passkeys.$inferSelect

/**
 * Who we are to authenticators: the relying party id is the host name people reach the shop on and the origin its
 * pages come from, both from PUBLIC_URL — a passkey made for another site (or a look-alike) is never accepted here.
 */
export function relyingParty(config: Config) {
  const url = new URL(config.publicUrl)
  return { id: url.hostname, origin: url.origin, name: config.storeName }
}

const iso = (value: string) => new Date(value).toISOString()

export function publicPasskey(passkey: PasskeyRow) {
  return {
    id: passkey.id,
    name: passkey.name,
    created_at: iso(passkey.createdAt),
    last_used_at: passkey.lastUsedAt === null ? null : iso(passkey.lastUsedAt),
  }
}

/** The user handle a passkey carries for its account (WebAuthn's `user.id`): the account id's bytes, nothing personal. */
const userHandleOf = (accountId: string) => new TextEncoder().encode(accountId)
const toBase64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const fromBase64Url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'))

/**
 * @simplewebauthn/server takes ~200 ms to load (its ASN.1 and COSE parsers): loaded by the first passkey ceremony,
 * not by every start of the users service.
 */
let webauthn: Promise<typeof import('@simplewebauthn/server')> | undefined
const loadWebauthn = () => {
  webauthn ??= import('@simplewebauthn/server')
  return webauthn
}

/** Stores a new ceremony's challenge (for a registration, the account it is for); forgets expired ones on the way. */
async function beginCeremony(ctx: ServiceContext, challenge: string, accountId: string | null): Promise<string> {
  const now = ctx.clock.now()
  await ctx.db.delete(passkeyChallenges).where(lt(passkeyChallenges.expiresAt, now.toISOString()))
  const id = randomUUID()
  const expiresAt = new Date(now.getTime() + CEREMONY_SECONDS * 1000).toISOString()
  await ctx.db.insert(passkeyChallenges).values({ id, challenge, accountId, expiresAt })
  return id
}

/**
 * Takes a ceremony's challenge out in the same statement that finds it, so one answer is all it ever gets (a
 * replay, or two racing requests, find nothing). A registration's ceremony is found only by the account that began it.
 */
async function takeChallenge(ctx: ServiceContext, ceremonyId: string, accountId: string | null): Promise<string> {
  const expired = badRequest(
    'This passkey request has expired or was already used; please try again',
    'passkey_ceremony_expired',
  )
  if (!isUuid(ceremonyId)) throw expired
  const [taken] = await ctx.db
    .delete(passkeyChallenges)
    .where(
      and(
        eq(passkeyChallenges.id, ceremonyId),
        accountId === null ? isNull(passkeyChallenges.accountId) : eq(passkeyChallenges.accountId, accountId),
      ),
    )
    .returning()
  if (!taken || Date.parse(taken.expiresAt) <= ctx.clock.now().getTime()) throw expired
  return taken.challenge
}

/** The options for adding a passkey to a signed-in shopper's account (their existing ones excluded), and the ceremony id. */
export async function startPasskeyRegistration(ctx: ServiceContext, accountId: string) {
  const account = await findAccount(ctx.db, accountId)
  const existing = await ctx.db.select().from(passkeys).where(eq(passkeys.accountId, accountId))
  const rp = relyingParty(ctx.config)
  const options = await (await loadWebauthn()).generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: userHandleOf(account.id),
    userName: account.email,
    userDisplayName: `${account.firstName} ${account.lastName}`,
    timeout: CEREMONY_SECONDS * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
    // A discoverable credential is what lets a shopper sign in without typing their email first.
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  })
  const ceremonyId = await beginCeremony(ctx, options.challenge, account.id)
  return { ceremony_id: ceremonyId, options }
}

/** Verifies the authenticator's answer to a registration ceremony and keeps the new passkey for the account. */
export async function addPasskey(ctx: ServiceContext, accountId: string, input: AddPasskeyBody): Promise<PasskeyRow> {
  const expectedChallenge = await takeChallenge(ctx, input.ceremony_id, accountId)
  const rp = relyingParty(ctx.config)
  const verification = await (await loadWebauthn())
    .verifyRegistrationResponse({
      // The library checks every field it reads; the route's schema only bounds the sizes.
      response: input.response as unknown as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // Asked as "preferred": an authenticator without a PIN or biometrics (a plain security key) is still welcome.
      requireUserVerification: false,
    })
    .catch(() => undefined)
  if (!verification?.verified) {
    throw badRequest('The passkey could not be verified; please try again', 'passkey_not_verified')
  }
  const { credential } = verification.registrationInfo
  return inTransaction(ctx.db, async (tx) => {
    // The account row is locked so two additions at once count each other.
    await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for('update')
    const [held] = await tx.select({ n: count() }).from(passkeys).where(eq(passkeys.accountId, accountId))
    const already = held?.n ?? 0
    if (already >= MAX_PASSKEYS_PER_ACCOUNT) {
      throw conflict(`An account can have at most ${MAX_PASSKEYS_PER_ACCOUNT} passkeys`, 'passkey_limit')
    }
    const [added] = await tx
      .insert(passkeys)
      .values({
        id: credential.id,
        accountId,
        publicKey: toBase64Url(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? [],
        name: input.name?.trim() || `Passkey ${already + 1}`,
        createdAt: ctx.clock.now().toISOString(),
      })
      .onConflictDoNothing({ target: passkeys.id })
      .returning()
    if (!added) throw conflict('This passkey is already registered', 'passkey_exists')
    return added
  })
}

/** The account's passkeys, oldest first. */
export function listPasskeys(db: Database, accountId: string): Promise<PasskeyRow[]> {
  return db
    .select()
    .from(passkeys)
    .where(eq(passkeys.accountId, accountId))
    .orderBy(asc(passkeys.createdAt), asc(passkeys.id))
}

/** Removes one of the account's passkeys; anyone else's is the same 404 as one that does not exist. */
export async function removePasskey(db: Database, accountId: string, id: string): Promise<void> {
  const removed = await db
    .delete(passkeys)
    .where(and(eq(passkeys.id, id), eq(passkeys.accountId, accountId)))
    .returning({ id: passkeys.id })
  if (removed.length === 0) throw notFound('Passkey not found')
}

/** The options for signing in with any passkey of this site (a discoverable credential names its own account). */
export async function startPasskeySignIn(ctx: ServiceContext) {
  const rp = relyingParty(ctx.config)
  const options = await (await loadWebauthn()).generateAuthenticationOptions({
    rpID: rp.id,
    timeout: CEREMONY_SECONDS * 1000,
    userVerification: 'preferred',
  })
  const ceremonyId = await beginCeremony(ctx, options.challenge, null)
  return { ceremony_id: ceremonyId, options }
}

/**
 * Signs a shopper in with a passkey: the answer must sign this ceremony's challenge, for this site, with a passkey
 * we hold for a shopper account. Its signature counter moves on (a counter that goes back means a cloned
 * authenticator: refused). Returns a session token.
 */
export async function signInWithPasskey(ctx: UsersContext, input: PasskeySignInBody): Promise<string> {
  const expectedChallenge = await takeChallenge(ctx, input.ceremony_id, null)
  const notRecognised = unauthorized('This passkey is not recognised here', 'passkey_not_recognised')
  const response = input.response as unknown as AuthenticationResponseJSON
  const [found] = await ctx.db
    .select({ passkey: passkeys, account: accounts })
    .from(passkeys)
    .innerJoin(accounts, eq(accounts.id, passkeys.accountId))
    .where(eq(passkeys.id, response.id))
  // Only shopper accounts sign in under /api/store; another role's passkey is as unknown as none.
  if (found?.account.role !== 'shopper') throw notRecognised
  const { passkey, account } = found
  // The authenticator names the account the credential was made for; it must be the one we hold it under.
  const userHandle = response.response.userHandle
  if (userHandle && userHandle !== toBase64Url(userHandleOf(account.id))) throw notRecognised
  const rp = relyingParty(ctx.config)
  const verification = await (await loadWebauthn())
    .verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.id,
        publicKey: fromBase64Url(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: false,
    })
    .catch(() => undefined)
  if (!verification?.verified) throw notRecognised
  await ctx.db
    .update(passkeys)
    .set({
      // Two sign-ins at once may finish in either order; the counter only ever moves forward.
      counter: sql`greatest(${passkeys.counter}, ${verification.authenticationInfo.newCounter})`,
      lastUsedAt: ctx.clock.now().toISOString(),
    })
    .where(eq(passkeys.id, passkey.id))
  return sessionToken(ctx, account)
}
