import type { AddressBody, SavedAddress } from '@ambassador/contracts/http'
import { MAX_SAVED_ADDRESSES } from '@ambassador/contracts/limits'
import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { requireText } from '@ambassador/kit/text/text'
import { and, desc, eq, ne, sql } from 'drizzle-orm'
import { savedAddresses } from './schema.ts'

type AddressRow = typeof savedAddresses.$inferSelect

/** A shopper's saved addresses: the default first, then the newest. */
export async function listAddresses(db: Database, customerId: string): Promise<SavedAddress[]> {
  const rows = await db
    .select()
    .from(savedAddresses)
    .where(eq(savedAddresses.customerId, customerId))
    .orderBy(desc(savedAddresses.isDefault), desc(savedAddresses.createdAt), desc(savedAddresses.id))
  return rows.map(addressView)
}

/**
 * Saves an address for a shopper: their first becomes the default, and `is_default` moves the default to it.
 * At most MAX_SAVED_ADDRESSES each (409 `address_limit` beyond).
 */
export async function addAddress(ctx: ServiceContext, customerId: string, body: AddressBody): Promise<SavedAddress> {
  const fields = addressFields(body)
  return inTransaction(ctx.db, async (tx) => {
    await lockAddressesOf(tx, customerId)
    const [counted] = await tx
      .select({ count: sql<number>`count(*)::int`, defaults: sql<number>`count(*) FILTER (WHERE is_default)::int` })
      .from(savedAddresses)
      .where(eq(savedAddresses.customerId, customerId))
    if ((counted?.count ?? 0) >= MAX_SAVED_ADDRESSES) {
      throw conflict(
        `You can keep at most ${MAX_SAVED_ADDRESSES} addresses: delete one you no longer use first`,
        'address_limit',
      )
    }
    const isDefault = body.is_default === true || (counted?.defaults ?? 0) === 0
    if (isDefault) await clearDefault(tx, customerId)
    const now = ctx.clock.now().toISOString()
    const [saved] = await tx
      .insert(savedAddresses)
      .values({ id: newId(), customerId, ...fields, isDefault, createdAt: now, updatedAt: now })
      .returning()
    return addressView(saved as AddressRow)
  })
}

/** Changes one of the shopper's addresses; `is_default: true` moves the default to it. */
export async function updateAddress(
  ctx: ServiceContext,
  customerId: string,
  id: string,
  body: AddressBody,
): Promise<SavedAddress> {
  const fields = addressFields(body)
  return inTransaction(ctx.db, async (tx) => {
    await lockAddressesOf(tx, customerId)
    const existing = await ownAddress(tx, customerId, id)
    if (body.is_default === false && existing.isDefault) {
      throw conflict('Make another address the default instead', 'address_default_needed')
    }
    const isDefault = existing.isDefault || body.is_default === true
    if (isDefault && !existing.isDefault) await clearDefault(tx, customerId)
    const [updated] = await tx
      .update(savedAddresses)
      .set({ ...fields, isDefault, updatedAt: ctx.clock.now().toISOString() })
      .where(eq(savedAddresses.id, existing.id))
      .returning()
    return addressView(updated as AddressRow)
  })
}

/** Makes one of the shopper's addresses the one checkout offers first. */
export async function makeDefaultAddress(ctx: ServiceContext, customerId: string, id: string): Promise<SavedAddress> {
  return inTransaction(ctx.db, async (tx) => {
    await lockAddressesOf(tx, customerId)
    const existing = await ownAddress(tx, customerId, id)
    if (existing.isDefault) return addressView(existing)
    await clearDefault(tx, customerId)
    const [updated] = await tx
      .update(savedAddresses)
      .set({ isDefault: true, updatedAt: ctx.clock.now().toISOString() })
      .where(eq(savedAddresses.id, existing.id))
      .returning()
    return addressView(updated as AddressRow)
  })
}

/** Deletes one of the shopper's addresses; when it was the default, the most recent other one becomes it. */
export async function deleteAddress(ctx: ServiceContext, customerId: string, id: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await lockAddressesOf(tx, customerId)
    const existing = await ownAddress(tx, customerId, id)
    await tx.delete(savedAddresses).where(eq(savedAddresses.id, existing.id))
    if (!existing.isDefault) return
    const [next] = await tx
      .select({ id: savedAddresses.id })
      .from(savedAddresses)
      .where(and(eq(savedAddresses.customerId, customerId), ne(savedAddresses.id, existing.id)))
      .orderBy(desc(savedAddresses.createdAt), desc(savedAddresses.id))
      .limit(1)
    if (next) await tx.update(savedAddresses).set({ isDefault: true }).where(eq(savedAddresses.id, next.id))
  })
}

/**
 * One shopper's address changes take turns (until the transaction ends), so concurrent saves cannot pass the limit
 * together or leave two defaults behind.
 */
async function lockAddressesOf(tx: Database, customerId: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`checkout.saved_addresses:${customerId}`}))`)
}

async function clearDefault(tx: Database, customerId: string) {
  await tx
    .update(savedAddresses)
    .set({ isDefault: false })
    .where(and(eq(savedAddresses.customerId, customerId), eq(savedAddresses.isDefault, true)))
}

/** One of the shopper's own addresses; another shopper's or an unknown one → the same 404. */
async function ownAddress(tx: Database, customerId: string, id: string): Promise<AddressRow> {
  if (!isUuid(id)) throw notFound('Address not found')
  const [row] = await tx
    .select()
    .from(savedAddresses)
    .where(and(eq(savedAddresses.id, id), eq(savedAddresses.customerId, customerId)))
  if (!row) throw notFound('Address not found')
  return row
}

/** The address as checkout takes it for an order: every field trimmed and none blank. */
function addressFields(body: AddressBody) {
  return {
    firstName: requireText(body.first_name, 'first_name'),
    lastName: requireText(body.last_name, 'last_name'),
    address: requireText(body.address, 'address'),
    country: requireText(body.country, 'country'),
    city: requireText(body.city, 'city'),
    zip: requireText(body.zip, 'zip'),
  }
}

function addressView(row: AddressRow): SavedAddress {
  return {
    id: row.id,
    first_name: row.firstName,
    last_name: row.lastName,
    address: row.address,
    city: row.city,
    zip: row.zip,
    country: row.country,
    is_default: row.isDefault,
  }
}
