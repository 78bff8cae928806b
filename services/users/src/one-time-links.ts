import { createHash, randomBytes } from 'node:crypto'
import type { Role } from '@ambassador/contracts/events'
import type { MagicLinkBody, MagicLinkSignInBody, PasswordResetConfirmBody } from '@ambassador/contracts/http'
import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { badRequest, forbidden, gone } from '@ambassador/kit/errors/errors'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm'
import {
  accountScope,
  claimUnprovedAccount,
  sessionToken,
  type UsersContext,
  userData,
  verifiedAccountFor,
} from './accounts.ts'
import { returnPath } from './oidc.ts'
import { hashPassword } from './passwords.ts'
import { accounts, oneTimeTokens, signInFailures } from './schema.ts'

export const SIGN_IN_LINK_MINUTES = 15
export const RESET_LINK_MINUTES = 30
/** Links one address may be sent per quarter hour, of each kind; beyond, asking again sends nothing (same answer). */
export const LINKS_PER_ADDRESS = 3
const LINK_WINDOW_MINUTES = 15

/** Where each area's web pages live: a reset link opens the area's own page. */
const WEB_AREA: Record<Role, string> = { admin: '/admin', ambassador: '/ambassador', shopper: '/account' }

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * The emailed URL of a link: the page, with the secret (and where to go after) in the fragment — a fragment never
 * reaches a server, so no access log, proxy or Referer header ever holds it; the page reads it and POSTs it.
 */
function linkUrl(ctx: ServiceContext, page: string, token: string, next?: string): string {
  const url = new URL(page, ctx.config.publicUrl)
  url.hash = new URLSearchParams(next ? { token, next } : { token }).toString()
  return url.toString()
}

type Purpose = (typeof oneTimeTokens.$inferSelect)['purpose']

/**
 * Stores a new link for `email` (its hash only) and returns the secret, unless the address was already sent
 * LINKS_PER_ADDRESS of this kind in the last quarter hour. One request per address at a time (an advisory lock), so
 * racing requests cannot slip past the count. Links of the address that died more than a day ago are swept.
 */
async function newLink(
  ctx: ServiceContext,
  tx: Database,
  row: Omit<typeof oneTimeTokens.$inferInsert, 'tokenHash' | 'createdAt' | 'expiresAt'>,
  minutes: number,
): Promise<{ token: string; expiresAt: string } | undefined> {
  const now = ctx.clock.now()
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`one-time-link:${row.email}`}))`)
  await tx
    .delete(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.email, row.email),
        lt(oneTimeTokens.expiresAt, new Date(now.getTime() - 86_400_000).toISOString()),
      ),
    )
  const since = new Date(now.getTime() - LINK_WINDOW_MINUTES * 60_000).toISOString()
  const [recent] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.email, row.email),
        eq(oneTimeTokens.purpose, row.purpose),
        gt(oneTimeTokens.createdAt, since),
      ),
    )
  if ((recent?.count ?? 0) >= LINKS_PER_ADDRESS) {
    ctx.log.warn({ purpose: row.purpose }, 'one-time link not sent: too many asked for one address')
    return undefined
  }
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + minutes * 60_000).toISOString()
  await tx.insert(oneTimeTokens).values({ ...row, tokenHash: hashOf(token), createdAt: now.toISOString(), expiresAt })
  return { token, expiresAt }
}

/**
 * Takes a link by its secret for spending, locked until the transaction ends: a link of another kind or area, or
 * none, is "not valid"; a spent or dead one says so, so the page can tell the shopper what to do.
 */
async function takeLink(ctx: ServiceContext, tx: Database, token: string, purpose: Purpose, scope: Role) {
  const [link] = await tx
    .select()
    .from(oneTimeTokens)
    .where(eq(oneTimeTokens.tokenHash, hashOf(token)))
    .for('update')
  const what = purpose === 'sign_in' ? 'sign-in link' : 'password reset link'
  if (!link || link.purpose !== purpose || link.scope !== scope) {
    throw badRequest(`This ${what} is not valid. Ask for a new one.`, 'link_invalid')
  }
  if (link.usedAt) throw gone(`This ${what} was already used. Ask for a new one.`, 'link_used')
  if (Date.parse(link.expiresAt) <= ctx.clock.now().getTime()) {
    const minutes = purpose === 'sign_in' ? SIGN_IN_LINK_MINUTES : RESET_LINK_MINUTES
    throw gone(`This ${what} has expired (links work for ${minutes} minutes). Ask for a new one.`, 'link_expired')
  }
  return link
}

async function spend(ctx: ServiceContext, tx: Database, tokenHash: string) {
  await tx
    .update(oneTimeTokens)
    .set({ usedAt: ctx.clock.now().toISOString() })
    .where(eq(oneTimeTokens.tokenHash, tokenHash))
}

/**
 * Emails a shopper a sign-in link (user.sign_in_link_requested, through the outbox). An address with no account
 * gets one too — it opens the account, with the names given here or asked for on the link's page. A staff address
 * (admin, ambassador) gets nothing: staff sign in with their password. The answer never says which happened.
 */
export async function requestSignInLink(ctx: ServiceContext, input: MagicLinkBody): Promise<void> {
  const email = input.email.trim().toLowerCase()
  await inTransaction(ctx.db, async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.email, email))
    if (account && account.role !== 'shopper') return
    const link = await newLink(
      ctx,
      tx,
      {
        purpose: 'sign_in',
        scope: 'shopper',
        email,
        accountId: account?.id ?? null,
        firstName: input.first_name?.trim() || null,
        lastName: input.last_name?.trim() || null,
      },
      SIGN_IN_LINK_MINUTES,
    )
    if (!link) return
    const next = input.return_to === undefined ? undefined : returnPath(input.return_to, ctx.config.publicUrl)
    await ctx.outbox.add(tx, {
      type: 'user.sign_in_link_requested',
      key: account?.id ?? email,
      data: {
        email,
        // Never the names in the request: anyone may ask for a mail to any address, and must not write in it.
        first_name: account?.firstName ?? null,
        role: 'shopper',
        url: linkUrl(ctx, '/account/magic', link.token, next),
        expires_at: link.expiresAt,
      },
    })
  })
}

/** `m•••@example.com`: enough for the owner to recognise their address, not enough to learn someone else's. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  return `${email.slice(0, Math.min(1, at))}•••${email.slice(at)}`
}

/**
 * What a sign-in link would do, without spending it: the page shows "Continue as m•••@example.com" and waits for a
 * click, so a link someone else sent (to sign the visitor into the sender's account) does not act by itself.
 */
export async function describeSignInLink(ctx: ServiceContext, token: string) {
  return inTransaction(ctx.db, async (tx) => {
    const link = await takeLink(ctx, tx, token, 'sign_in', 'shopper')
    const [existing] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, link.email))
    const namesKnown = existing !== undefined || (link.firstName !== null && link.lastName !== null)
    return { email: maskEmail(link.email), new_account: existing === undefined, names_needed: !namesKnown }
  })
}

/**
 * Spends a sign-in link and returns a session token. The address is proved: the account is marked verified (so
 * guest orders with it join), or opened if it did not exist — which needs names, from the link or from `input`
 * (without them the link is left unspent and the answer asks for them: `names_required`).
 */
export async function signInByLink(ctx: UsersContext, input: MagicLinkSignInBody): Promise<string> {
  const account = await inTransaction(ctx.db, async (tx) => {
    const link = await takeLink(ctx, tx, input.token, 'sign_in', 'shopper')
    const [existing] = await tx
      .select({ id: accounts.id, role: accounts.role })
      .from(accounts)
      .where(eq(accounts.email, link.email))
    // Sent to an account that has since given the address up: dead (the address's new holder asks for their own).
    if (link.accountId !== null && existing?.id !== link.accountId) {
      throw badRequest('This sign-in link is not valid. Ask for a new one.', 'link_invalid')
    }
    if (existing && existing.role !== 'shopper') {
      throw forbidden('This address belongs to a staff account; sign in with its password', 'staff_account')
    }
    const firstName = input.first_name ?? link.firstName
    const lastName = input.last_name ?? link.lastName
    if (!existing && (!firstName?.trim() || !lastName?.trim())) {
      throw badRequest('Tell us your first and last name to open your account', 'names_required')
    }
    const signedIn = await verifiedAccountFor(ctx, tx, {
      email: link.email,
      firstName: firstName ?? '',
      lastName: lastName ?? '',
    })
    await spend(ctx, tx, link.tokenHash)
    return signedIn
  })
  ctx.sessions.forget(account.id) // after the commit: a claimed account's older sessions end at once
  return sessionToken(ctx, account)
}

/**
 * Emails a reset link to an account of `scope` (user.password_reset_requested). Unknown addresses, and accounts of
 * another area, get nothing — and the same answer.
 */
export async function requestPasswordReset(ctx: ServiceContext, address: string, scope: Role): Promise<void> {
  const email = address.trim().toLowerCase()
  await inTransaction(ctx.db, async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.email, email))
    if (!account || account.role !== scope) return
    const link = await newLink(
      ctx,
      tx,
      { purpose: 'password_reset', scope, email, accountId: account.id },
      RESET_LINK_MINUTES,
    )
    if (!link) return
    const url = linkUrl(ctx, `${WEB_AREA[scope]}/reset-password`, link.token)
    await ctx.outbox.add(tx, {
      type: 'user.password_reset_requested',
      key: account.id,
      data: { email, first_name: account.firstName, role: scope, url, expires_at: link.expiresAt },
    })
  })
}

/**
 * Sets a new password from a reset link. Like a password change it ends every session (the session version moves
 * on) and signs this one in; it proves the address too, clears the sign-in backoff, and spends every other reset
 * link of the account.
 */
export async function resetPassword(ctx: UsersContext, input: PasswordResetConfirmBody, scope: Role): Promise<string> {
  if (input.password !== input.password_confirm) throw badRequest('Passwords do not match')
  const passwordHash = await hashPassword(input.password)
  const account = await inTransaction(ctx.db, async (tx) => {
    const link = await takeLink(ctx, tx, input.token, 'password_reset', scope)
    const now = ctx.clock.now().toISOString()
    const [holder] = link.accountId
      ? await tx
          .select()
          .from(accounts)
          // The address the link was sent to must still be the account's: a link outlives no email change.
          .where(and(eq(accounts.id, link.accountId), eq(accounts.email, link.email), eq(accounts.role, scope)))
          .for('update')
      : []
    if (!holder) throw badRequest('This password reset link is not valid. Ask for a new one.', 'link_invalid')
    const changed =
      holder.emailVerifiedAt === null
        ? await claimUnprovedAccount(tx, holder.id, { emailVerifiedAt: now, passwordHash })
        : await setPassword(tx, holder.id, passwordHash, now)
    await tx
      .update(oneTimeTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(oneTimeTokens.accountId, changed.id),
          eq(oneTimeTokens.purpose, 'password_reset'),
          isNull(oneTimeTokens.usedAt),
        ),
      )
    await tx.delete(signInFailures).where(eq(signInFailures.email, changed.email))
    await ctx.outbox.add(tx, { type: 'user.updated', key: changed.id, data: userData(changed) })
    return changed
  })
  ctx.sessions.forget(account.id)
  await ctx.cache.invalidate(accountScope(account.id))
  return sessionToken(ctx, account)
}

/** A new password, and every session of the account ends. */
async function setPassword(tx: Database, id: string, passwordHash: string, now: string) {
  const [changed] = await tx
    .update(accounts)
    .set({ passwordHash, sessionVersion: sql`${accounts.sessionVersion} + 1`, updatedAt: now })
    .where(eq(accounts.id, id))
    .returning()
  if (!changed) throw badRequest('This password reset link is not valid. Ask for a new one.', 'link_invalid')
  return changed
}
