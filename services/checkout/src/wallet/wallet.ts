import type { WalletMovementData } from '@ambassador/contracts/events'
import type { Wallet, WalletDepositBody, WalletEntry } from '@ambassador/contracts/http'
import type { Database } from '@ambassador/kit/db/database'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { derivedId, isUuid, newId } from '@ambassador/kit/ids/ids'
import { formatMoney, parsePriceToMinor, toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, desc, eq, or, sql } from 'drizzle-orm'
import { accounts, type WalletEntryKind, walletEntries } from '../schema.ts'

/** The largest single movement either way: 100,000.00. */
const MAX_MOVEMENT_MINOR = 10_000_000
const MAX_KEY_LENGTH = 200
const SHOWN_ENTRIES = 50

type EntryRow = typeof walletEntries.$inferSelect

/** A user's store credit in the shop's currency: the balance and the newest entries. */
export async function walletOf(ctx: ServiceContext, userId: string): Promise<Wallet> {
  const currency = ctx.config.currency
  const [balance, rows] = await Promise.all([
    balanceOf(ctx.db, userId, currency),
    ctx.db
      .select()
      .from(walletEntries)
      .where(and(eq(walletEntries.userId, userId), eq(walletEntries.currency, currency)))
      .orderBy(desc(walletEntries.occurredAt), desc(walletEntries.id))
      .limit(SHOWN_ENTRIES),
  ])
  return { user_id: userId, currency, balance: toMajor(balance), entries: rows.map(entryView) }
}

/** Serialises the store credit movements of one user until the caller's transaction ends. */
export async function lockWallet(tx: Database, userId: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`wallet:${userId}`}, 0))`)
}

/** The sum of a user's entries in a currency. */
export async function balanceOf(db: Database, userId: string, currency: string): Promise<number> {
  const [sum] = await db
    .select({ minor: sql<number>`coalesce(sum(${walletEntries.amountMinor}), 0)`.mapWith(Number) })
    .from(walletEntries)
    .where(and(eq(walletEntries.userId, userId), eq(walletEntries.currency, currency)))
  return sum?.minor ?? 0
}

/** The id of a user this service knows (from user.* events), or a 404. */
export async function knownUser(ctx: ServiceContext, userId: string): Promise<string> {
  const [account] = isUuid(userId)
    ? await ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, userId))
    : []
  if (!account) throw notFound('No user with this id', 'user_not_found')
  return account.id
}

export type Movement = { entry: WalletEntry; created: boolean }

/**
 * An admin credits (amount > 0) or debits (amount < 0) a user's store credit, with a reason the user sees. A debit
 * never takes the balance below zero. With an Idempotency-Key the same request again answers the first entry.
 */
export async function moveByAdmin(
  ctx: ServiceContext,
  userId: string,
  adminId: string,
  body: WalletDepositBody,
  idempotencyKey: string | undefined,
): Promise<Movement> {
  const amountMinor = movementMinor(body.amount)
  const reason = body.reason.trim()
  if (reason.length < 3) throw badRequest('reason must say why, in 3 to 500 characters', 'invalid_reason')
  const key = idempotencyKey?.trim()
  if (key !== undefined && (key.length === 0 || key.length > MAX_KEY_LENGTH)) {
    throw badRequest(`Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`, 'invalid_idempotency_key')
  }
  const kind: WalletEntryKind = amountMinor > 0 ? 'deposit' : 'debit'
  const reference = key ? `admin:${userId}:${key}` : null
  const result = await moveWallet(ctx, {
    id: key ? derivedId(`wallet:${userId}:${key}`) : newId(),
    userId,
    amountMinor,
    kind,
    reason,
    actorId: adminId,
    reference,
  })
  if (!result.created && (result.row.amountMinor !== amountMinor || result.row.reason !== reason)) {
    throw conflict(
      'This Idempotency-Key was already used for a movement with another amount or reason',
      'idempotency_key_reused',
    )
  }
  return { entry: entryView(result.row), created: result.created }
}

export type WalletMovement = {
  id: string
  userId: string
  amountMinor: number
  kind: WalletEntryKind
  reason: string | null
  actorId: string | null
  reference: string | null
  orderId?: string | null
}

/**
 * Writes one movement of a user's store credit and announces it (wallet.deposited or wallet.debited), in its own
 * transaction. See `writeMovement`.
 */
export function moveWallet(
  ctx: ServiceContext,
  movement: WalletMovement,
): Promise<{ row: EntryRow; created: boolean }> {
  return ctx.db.transaction((tx) => writeMovement(ctx, tx, movement))
}

/**
 * Writes one movement of a user's store credit and announces it (wallet.deposited or wallet.debited), in the caller's
 * transaction. Movements of one user are serialised by a transaction lock: a debit is checked against a balance no
 * concurrent movement can change, and refused (409) below zero unless `mayGoNegative` (an order paid after it
 * expired takes back the credit it had given back). A movement whose id or (kind, reference) was already applied is
 * answered, not repeated.
 */
export async function writeMovement(
  ctx: ServiceContext,
  tx: Database,
  movement: WalletMovement,
  options: { mayGoNegative?: boolean } = {},
): Promise<{ row: EntryRow; created: boolean }> {
  const currency = ctx.config.currency
  await lockWallet(tx, movement.userId)
  if (movement.reference !== null) {
    const [earlier] = await tx
      .select()
      .from(walletEntries)
      .where(
        or(
          eq(walletEntries.id, movement.id),
          and(eq(walletEntries.kind, movement.kind), eq(walletEntries.reference, movement.reference)),
        ),
      )
    if (earlier) return { row: earlier, created: false }
  }
  const balance = await balanceOf(tx, movement.userId, currency)
  if (balance + movement.amountMinor < 0 && !options.mayGoNegative) {
    throw conflict(
      `The store credit is ${formatMoney(balance, currency)}: a debit may take at most that`,
      'insufficient_wallet_balance',
    )
  }
  const now = ctx.clock.now().toISOString()
  const [row] = await tx
    .insert(walletEntries)
    .values({ ...movement, currency, occurredAt: now })
    .returning()
  if (!row) throw new Error('wallet insert returned nothing')
  const data: WalletMovementData = {
    entry_id: row.id,
    user_id: row.userId,
    kind: row.kind,
    amount_minor: Math.abs(row.amountMinor),
    currency,
    balance_minor: balance + row.amountMinor,
    reason: row.reason,
    at: now,
  }
  await ctx.outbox.add(tx, {
    type: row.amountMinor > 0 ? 'wallet.deposited' : 'wallet.debited',
    key: row.userId,
    data,
  })
  return { row, created: true }
}

/** An entry as the API shows it. */
function entryView(row: EntryRow): WalletEntry {
  return {
    id: row.id,
    kind: row.kind,
    amount: toMajor(row.amountMinor),
    currency: row.currency,
    reason: row.reason,
    order_id: row.orderId,
    occurred_at: new Date(row.occurredAt).toISOString(),
  }
}

/** The amount in signed minor units: not 0, at most 2 decimals, at most 100,000.00 either way. */
function movementMinor(amount: number): number {
  let minor: number
  try {
    minor = parsePriceToMinor(Math.abs(amount), 'amount', MAX_MOVEMENT_MINOR)
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : 'amount is not valid', 'invalid_amount')
  }
  if (minor === 0) {
    throw badRequest('amount must not be 0: a credit such as 5.00 or a debit such as -5.00', 'invalid_amount')
  }
  return amount < 0 ? -minor : minor
}
