import { eventTables } from '@ambassador/kit/events/tables'
import { bigint, index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const usersSchema = pgSchema('users')

export const roles = usersSchema.enum('role', ['admin', 'ambassador', 'shopper'])

export const accounts = usersSchema.table(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    /** Stored lowercased: one account per address, whatever the case it is typed in. */
    email: text('email').notNull(),
    /** Null for an account that never set one (signed up by a magic link, an OpenID provider or a passkey). */
    passwordHash: text('password_hash'),
    role: roles('role').notNull(),
    /** Moved on by signing out and by a password change: every token issued under an older version is refused. */
    sessionVersion: integer('session_version').notNull().default(0),
    /** When the owner last proved they receive mail at `email` (a magic link, a password reset, a provider's verified claim). */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [uniqueIndex('accounts_email_key').on(t.email)],
)

/** Each ambassador's total commission, kept from order.completed. */
export const earnings = usersSchema.table('earnings', {
  userId: uuid('user_id').primaryKey(),
  revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull(),
})

/**
 * Failed sign-ins per email address (known or not: the answer must not depend on it), for the per-account backoff.
 * A success deletes the row.
 */
export const signInFailures = usersSchema.table('sign_in_failures', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailedAt: timestamp('last_failed_at', { withTimezone: true, mode: 'string' }).notNull(),
})

export const oneTimePurposes = usersSchema.enum('one_time_purpose', ['sign_in', 'password_reset'])

/**
 * Magic sign-in links and password-reset links. Only the SHA-256 of the secret is kept, so a leak of the table opens
 * nothing; a link is spent once (`used_at`) and dies at `expires_at`. A sign-in link for an address with no account
 * yet carries the names to create it with (`scope` shopper only).
 */
export const oneTimeTokens = usersSchema.table(
  'one_time_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: oneTimePurposes('purpose').notNull(),
    scope: roles('scope').notNull(),
    email: text('email').notNull(),
    accountId: uuid('account_id'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [index('one_time_tokens_email_created').on(t.email, t.createdAt)],
)

/** WebAuthn credentials (passkeys): a second way into an account. */
export const passkeys = usersSchema.table(
  'passkeys',
  {
    /** The credential id, base64url. */
    id: text('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    /** The COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull(),
    transports: text('transports').array().notNull().default([]),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [index('passkeys_account').on(t.accountId)],
)

/** A WebAuthn ceremony under way: the challenge the server handed out, single-use and short-lived. */
export const passkeyChallenges = usersSchema.table('passkey_challenges', {
  id: uuid('id').primaryKey(),
  challenge: text('challenge').notNull(),
  /** Set for a registration (the signed-in account adding a passkey); null for a sign-in. */
  accountId: uuid('account_id'),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
})

/** Accounts linked to an OpenID Connect provider's user: one (issuer, subject) opens one account. */
export const oidcIdentities = usersSchema.table(
  'oidc_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    accountId: uuid('account_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] })],
)

/** An OpenID Connect sign-in under way: what the callback must match (state) and prove (PKCE verifier, nonce). */
export const oidcSignIns = usersSchema.table('oidc_sign_ins', {
  state: text('state').primaryKey(),
  provider: text('provider').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  /** Where the browser goes after signing in: a path on this site. */
  returnTo: text('return_to').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
})

export const { outbox, inbox, deadLetters } = eventTables('users')
export const tables = { outbox, inbox, deadLetters }
