import type { Role, UserData } from '@ambassador/contracts/events'
import type { RegisterBody, UpdateInfoBody } from '@ambassador/contracts/http'
import type { Principal, TokenIssuer } from '@ambassador/kit/auth/tokens'
import { looksLikeEmail } from '@ambassador/kit/config/config'
import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { badRequest, conflict, forbidden, notFound, tooManyRequests, unauthorized } from '@ambassador/kit/errors/errors'
import { newId } from '@ambassador/kit/ids/ids'
import { toMajor } from '@ambassador/kit/money/money'
import type { ConsumerContext, ServiceContext } from '@ambassador/kit/service'
import { requireText } from '@ambassador/kit/text/text'
import { eq, sql } from 'drizzle-orm'
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts'
import { accounts, earnings, oidcIdentities, passkeys, signInFailures } from './schema.ts'

export type UsersContext = ServiceContext & { tokens: TokenIssuer }

type Account = typeof accounts.$inferSelect

/** The account as others may see it: never the hash. */
export function publicUser(account: Account) {
  return { id: account.id, first_name: account.firstName, last_name: account.lastName, email: account.email }
}

export function userData(account: Account): UserData {
  return {
    ...publicUser(account),
    role: account.role,
    session_version: account.sessionVersion,
    email_verified: account.emailVerifiedAt !== null,
  }
}

/** How long after signing in a session may change the password or the email without giving the current password. */
export const RECENT_SIGN_IN_SECONDS = 10 * 60

/**
 * Adding a way in (a passkey) needs a sign-in within the last ten minutes: a stolen session alone must not become a
 * lasting way into the account.
 */
export function requireRecentSignIn(ctx: ServiceContext, principal: Principal) {
  if (ctx.clock.now().getTime() / 1000 - principal.authTime <= RECENT_SIGN_IN_SECONDS) return
  throw forbidden('Sign in again to add a way into your account', 'recent_sign_in_required')
}

/**
 * Changing the password or the email needs the current password, unless the session signed in (with a password)
 * within the last ten minutes — the reference clients change a password right after signing in and know no field.
 */
async function requireCurrentPassword(ctx: ServiceContext, account: Account, principal: Principal, given?: string) {
  const signedInAgo = ctx.clock.now().getTime() / 1000 - principal.authTime
  if (account.passwordHash === null) {
    // No password to give (a passwordless account): a recent sign-in by link, provider or passkey is the proof.
    if (signedInAgo <= RECENT_SIGN_IN_SECONDS) return
    throw forbidden('Sign in again (by email link) to change this', 'recent_sign_in_required')
  }
  if (given === undefined) {
    if (signedInAgo <= RECENT_SIGN_IN_SECONDS) return
    throw badRequest('Give your current password (current_password) to change this', 'current_password_required')
  }
  if (!(await verifyPassword(account.passwordHash, given))) {
    throw forbidden('The current password is not right', 'wrong_password')
  }
}

/** Ends every session of the user (signing out): their session version moves on; announces user.updated. */
export async function endSessions(ctx: ServiceContext, id: string): Promise<Account> {
  return inTransaction(ctx.db, async (tx) => {
    const [account] = await tx
      .update(accounts)
      .set({ sessionVersion: sql`${accounts.sessionVersion} + 1`, updatedAt: ctx.clock.now().toISOString() })
      .where(eq(accounts.id, id))
      .returning()
    if (!account) throw unauthorized('Your account no longer exists; log in again')
    await ctx.outbox.add(tx, { type: 'user.updated', key: account.id, data: userData(account) })
    return account
  }).finally(() => ctx.sessions.forget(id)) // after the commit: a read now sees the new version
}

/** Creates an account with an argon2id hash and announces user.registered. */
export async function registerUser(ctx: ServiceContext, input: RegisterBody, role: Role): Promise<Account> {
  if (input.password !== input.password_confirm) throw badRequest('Passwords do not match')
  const firstName = requireText(input.first_name, 'first_name')
  const lastName = requireText(input.last_name, 'last_name')
  const email = input.email.trim().toLowerCase()
  const passwordHash = await hashPassword(input.password)
  const now = ctx.clock.now().toISOString()
  return inTransaction(ctx.db, async (tx) => {
    const [account] = await tx
      .insert(accounts)
      .values({ id: newId(), firstName, lastName, email, passwordHash, role, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: accounts.email })
      .returning()
    if (!account) throw conflict('An account with this email already exists')
    await ctx.outbox.add(tx, { type: 'user.registered', key: account.id, data: userData(account) })
    return account
  })
}

/** Failed sign-ins an address may have before it must wait; then the wait doubles with each one, up to the cap. */
const FREE_FAILURES = 5
const FIRST_WAIT_SECONDS = 30
const LONGEST_WAIT_SECONDS = 15 * 60

/**
 * Checks credentials for one area and returns a session token for it. A wrong password, an unknown address and an
 * account of the other area get the same answer. After five failures for one address (from anywhere, in either
 * area) it must wait — 30 s, doubling to 15 min at most — and while it waits even the right password is turned
 * away, so guessing learns nothing.
 */
export async function logIn(ctx: UsersContext, email: string, password: string, scope: Role): Promise<string> {
  const address = email.trim().toLowerCase()
  const [failed] = await ctx.db.select().from(signInFailures).where(eq(signInFailures.email, address))
  if (failed && failed.failures >= FREE_FAILURES) {
    const wait = Math.min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failed.failures - FREE_FAILURES))
    const left = wait - (ctx.clock.now().getTime() - Date.parse(failed.lastFailedAt)) / 1000
    if (left > 0) {
      throw tooManyRequests(
        'Too many failed sign-ins for this address; try again later',
        left,
        'too_many_failed_sign_ins',
      )
    }
  }
  const [account] = await ctx.db.select().from(accounts).where(eq(accounts.email, address))
  const valid = await verifyPassword(account?.passwordHash ?? DUMMY_HASH, password)
  if (!account || !valid || account.role !== scope) {
    await ctx.db
      .insert(signInFailures)
      .values({ email: address, failures: 1, lastFailedAt: ctx.clock.now().toISOString() })
      .onConflictDoUpdate({
        target: signInFailures.email,
        set: { failures: sql`${signInFailures.failures} + 1`, lastFailedAt: ctx.clock.now().toISOString() },
      })
    throw unauthorized('Invalid email or password')
  }
  if (failed) await ctx.db.delete(signInFailures).where(eq(signInFailures.email, address))
  return sessionToken(ctx, account)
}

/** A session token for an account that has just proved who it is (any way in): its own scope, signed in now. */
export function sessionToken(ctx: UsersContext, account: Account): Promise<string> {
  return ctx.tokens.issue({
    userId: account.id,
    scope: account.role,
    sessionVersion: account.sessionVersion,
    authTime: Math.floor(ctx.clock.now().getTime() / 1000),
  })
}

/**
 * The owner of an address proves it for the first time on an account that was made without that proof — perhaps
 * by someone else, waiting with a password, a passkey or a provider identity of their own for the owner to move in.
 * Every way in set up before the proof goes: the passkeys and provider identities are deleted, the password is
 * replaced by `changes.passwordHash` (none, for a sign-in by link or provider; the new one, for a reset) and the
 * session version moves on. Inside the caller's transaction; the caller forgets the account's cached session
 * version after the commit (before it, a concurrent lookup could cache the old version again).
 */
export async function claimUnprovedAccount(
  tx: Database,
  id: string,
  changes: { emailVerifiedAt: string; passwordHash: string | null },
): Promise<Account> {
  await tx.delete(passkeys).where(eq(passkeys.accountId, id))
  await tx.delete(oidcIdentities).where(eq(oidcIdentities.accountId, id))
  const [claimed] = await tx
    .update(accounts)
    .set({ ...changes, sessionVersion: sql`${accounts.sessionVersion} + 1`, updatedAt: changes.emailVerifiedAt })
    .where(eq(accounts.id, id))
    .returning()
  if (!claimed) throw notFound('User not found')
  return claimed
}

/**
 * The shopper account for an address whose owner has just proved it (a magic link, an OpenID provider's verified
 * email): marks the address verified (announcing user.updated, so guest orders may join), or creates a passwordless
 * shopper account with the given names (announcing user.registered). Inside the caller's transaction.
 */
export async function verifiedAccountFor(
  ctx: ServiceContext,
  tx: Database,
  input: { email: string; firstName: string; lastName: string },
): Promise<Account> {
  const email = input.email.trim().toLowerCase()
  const now = ctx.clock.now().toISOString()
  const [existing] = await tx.select().from(accounts).where(eq(accounts.email, email)).for('update')
  if (existing) {
    if (existing.emailVerifiedAt !== null) return existing
    const verified = await claimUnprovedAccount(tx, existing.id, { emailVerifiedAt: now, passwordHash: null })
    await ctx.outbox.add(tx, { type: 'user.updated', key: verified.id, data: userData(verified) })
    return verified
  }
  const [created] = await tx
    .insert(accounts)
    .values({
      id: newId(),
      firstName: requireText(input.firstName, 'first_name'),
      lastName: requireText(input.lastName, 'last_name'),
      email,
      passwordHash: null,
      role: 'shopper',
      emailVerifiedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
  if (!created) throw conflict('An account with this email already exists')
  await ctx.outbox.add(tx, { type: 'user.registered', key: created.id, data: userData(created) })
  return created
}

export async function findAccount(db: Database, id: string): Promise<Account> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, id))
  if (!account) throw unauthorized('Your account no longer exists; log in again')
  return account
}

/** The cache scope of what GET user answers for one account: its profile and, for an ambassador, the earnings. */
export const accountScope = (id: string) => `users:account:${id}`

/** The logged-in user; ambassadors also get the commission they have earned. */
export async function currentUser(ctx: ServiceContext, id: string) {
  const account = await findAccount(ctx.db, id)
  if (account.role !== 'ambassador') return publicUser(account)
  const [earned] = await ctx.db.select().from(earnings).where(eq(earnings.userId, id))
  return { ...publicUser(account), revenue: toMajor(earned?.revenueMinor ?? 0) }
}

/** Changes names and/or email (the email needs the current password, as a password change does); announces user.updated. */
export async function updateProfile(
  ctx: ServiceContext,
  principal: Principal,
  input: UpdateInfoBody,
): Promise<Account> {
  const id = principal.userId
  const updated = await inTransaction(ctx.db, async (tx) => {
    const current = await findAccount(tx, id)
    if (input.email !== undefined && input.email.trim().toLowerCase() !== current.email) {
      await requireCurrentPassword(ctx, current, principal, input.current_password)
    }
    const changes = {
      firstName: input.first_name === undefined ? current.firstName : requireText(input.first_name, 'first_name'),
      lastName: input.last_name === undefined ? current.lastName : requireText(input.last_name, 'last_name'),
      email: input.email === undefined ? current.email : input.email.trim().toLowerCase(),
    }
    const unchanged =
      changes.firstName === current.firstName &&
      changes.lastName === current.lastName &&
      changes.email === current.email
    if (unchanged) return current
    if (changes.email !== current.email) {
      const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, changes.email))
      if (taken) throw conflict('An account with this email already exists')
    }
    // A new address is not proved yet: guest orders placed with it must not join until its owner proves it.
    const proof = changes.email === current.email ? {} : { emailVerifiedAt: null }
    const [account] = await tx
      .update(accounts)
      .set({ ...changes, ...proof, updatedAt: ctx.clock.now().toISOString() })
      .where(eq(accounts.id, id))
      .returning()
    if (!account) throw notFound('User not found')
    await ctx.outbox.add(tx, { type: 'user.updated', key: account.id, data: userData(account) })
    return account
  })
  await ctx.cache.invalidate(accountScope(id))
  return updated
}

/**
 * Sets a new password (the current one is needed unless the sign-in is recent) and ends every other session: the
 * session version moves on, and the caller gets a fresh token for the session that changed it.
 */
export async function changePassword(
  ctx: UsersContext,
  principal: Principal,
  input: { password: string; password_confirm: string; current_password?: string },
): Promise<{ account: Account; token: string }> {
  if (input.password !== input.password_confirm) throw badRequest('Passwords do not match')
  await requireCurrentPassword(ctx, await findAccount(ctx.db, principal.userId), principal, input.current_password)
  const passwordHash = await hashPassword(input.password)
  const account = await inTransaction(ctx.db, async (tx) => {
    const [changed] = await tx
      .update(accounts)
      .set({
        passwordHash,
        sessionVersion: sql`${accounts.sessionVersion} + 1`,
        updatedAt: ctx.clock.now().toISOString(),
      })
      .where(eq(accounts.id, principal.userId))
      .returning()
    if (!changed) throw unauthorized('Your account no longer exists; log in again')
    await ctx.outbox.add(tx, { type: 'user.updated', key: changed.id, data: userData(changed) })
    return changed
  }).finally(() => ctx.sessions.forget(principal.userId))
  // Proving the current password counts as signing in again; the recent-sign-in way keeps the old sign-in time.
  const authTime =
    input.current_password === undefined ? principal.authTime : Math.floor(ctx.clock.now().getTime() / 1000)
  const token = await ctx.tokens.issue({
    userId: account.id,
    scope: principal.scope,
    sessionVersion: account.sessionVersion,
    authTime,
  })
  return { account, token }
}

/** Makes sure an admin with this email exists (ADMIN_EMAIL/ADMIN_PASSWORD, the CLI); returns whether it was created. */
export async function ensureAdmin(ctx: ServiceContext, input: { email: string; password: string }) {
  const email = input.email.trim().toLowerCase()
  if (!looksLikeEmail(email)) throw badRequest(`"${input.email}" is not an email address`)
  if (input.password.length < 8) throw badRequest('The admin password must be at least 8 characters')
  const [existing] = await ctx.db.select().from(accounts).where(eq(accounts.email, email))
  if (existing) {
    if (existing.role !== 'admin') throw conflict(`${email} is an ambassador account, not an admin`)
    return { account: existing, created: false }
  }
  const account = await registerUser(
    ctx,
    { first_name: 'Admin', last_name: 'User', email, password: input.password, password_confirm: input.password },
    'admin',
  )
  return { account, created: true }
}

/** Adds a completed order's commission to its ambassador's total (applied once per event by the inbox). */
export async function addEarnings(ctx: ConsumerContext<ServiceContext>, ambassadorId: string, revenueMinor: number) {
  await ctx.db
    .insert(earnings)
    .values({ userId: ambassadorId, revenueMinor })
    .onConflictDoUpdate({
      target: earnings.userId,
      set: { revenueMinor: sql`${earnings.revenueMinor} + ${revenueMinor}` },
    })
  ctx.afterCommit(() => ctx.cache.invalidate(accountScope(ambassadorId)))
}

export async function countAccounts(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(accounts)
  return row?.count ?? 0
}
