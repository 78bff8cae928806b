import type { Coupon, CreateCouponBody, UpdateCouponBody } from '@ambassador/contracts/http'
import type { Database } from '@ambassador/kit/db/database'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import { parsePriceToMinor, toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm'
import type { CouponTerms } from './coupon-terms.ts'
import { ambassadors, couponRedemptions, coupons, links } from './schema.ts'

/** Codes are matched without regard to case or surrounding spaces. */
export const normalizeCode = (code: string) => code.trim().toUpperCase()

/** Coupons with, for an ambassador's vanity code, the link it counts for and the ambassador's name. */
function couponsWithOwners(db: Database) {
  return db
    .select({ coupon: coupons, linkCode: links.code, firstName: ambassadors.firstName, lastName: ambassadors.lastName })
    .from(coupons)
    .leftJoin(links, eq(links.id, coupons.linkId))
    .leftJoin(ambassadors, eq(ambassadors.id, coupons.ambassadorId))
}

type CouponWithOwner = Awaited<ReturnType<typeof couponsWithOwners>>[number]

export async function listCoupons(db: Database): Promise<Coupon[]> {
  const rows = await couponsWithOwners(db).orderBy(desc(coupons.createdAt))
  return rows.map(couponView)
}

export async function createCoupon(ctx: ServiceContext, body: CreateCouponBody): Promise<Coupon> {
  const terms = termsOf(body, {
    currency: ctx.config.currency,
    kind: body.kind,
    active: true,
  })
  const [created] = await ctx.db
    .insert(coupons)
    .values({ id: newId(), code: normalizeCode(body.code), ...terms, createdAt: ctx.clock.now().toISOString() })
    .onConflictDoNothing({ target: coupons.code })
    .returning()
  if (!created) throw conflict(`There is already a coupon ${normalizeCode(body.code)}`, 'coupon_code_taken')
  return couponView({ coupon: created, linkCode: null, firstName: null, lastName: null })
}

export async function updateCoupon(ctx: ServiceContext, id: string, body: UpdateCouponBody): Promise<Coupon> {
  const existing = await findCoupon(ctx.db, id)
  const terms = termsOf({ ...fieldsOf(existing), ...body }, existing)
  const [updated] = await ctx.db.update(coupons).set(terms).where(eq(coupons.id, id)).returning({ id: coupons.id })
  if (!updated) throw notFound('Coupon not found')
  const [row] = await couponsWithOwners(ctx.db).where(eq(coupons.id, id))
  if (!row) throw notFound('Coupon not found')
  return couponView(row)
}

/** Deletes a coupon; orders placed with it keep its code. */
export async function deleteCoupon(ctx: ServiceContext, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound('Coupon not found')
  const deleted = await ctx.db.delete(coupons).where(eq(coupons.id, id)).returning({ id: coupons.id })
  if (deleted.length === 0) throw notFound('Coupon not found')
}

/** A coupon by its code, for a cart to show (no lock: nothing is used up by looking). */
export async function findCouponByCode(db: Database, code: string): Promise<CouponTerms | undefined> {
  const [coupon] = await db
    .select()
    .from(coupons)
    .where(eq(coupons.code, normalizeCode(code)))
  return coupon
}

/**
 * The coupon an order is being placed with, locked until the order's transaction ends: concurrent orders using one
 * coupon take turns, so `used` and each customer's count are exact when checked. Unknown → 400.
 */
export async function lockCoupon(tx: Database, code: string, email: string) {
  const [coupon] = await tx
    .select()
    .from(coupons)
    .where(eq(coupons.code, normalizeCode(code)))
    .for('update')
  if (!coupon) throw badRequest(`There is no coupon ${normalizeCode(code)}`, 'coupon_unknown')
  const [uses] = await tx
    .select({ n: count() })
    .from(couponRedemptions)
    .where(
      and(
        eq(couponRedemptions.couponId, coupon.id),
        eq(couponRedemptions.email, email.toLowerCase()),
        inArray(couponRedemptions.status, ['held', 'committed']),
      ),
    )
  return { coupon, customerUses: uses?.n ?? 0 }
}

/** Counts an order's use of its coupon (in the order's transaction, with the coupon locked). */
export async function holdCoupon(tx: Database, coupon: CouponTerms, orderId: string, email: string) {
  await tx
    .insert(couponRedemptions)
    .values({ orderId, couponId: coupon.id, email: email.toLowerCase(), status: 'held' })
  await tx
    .update(coupons)
    .set({ used: sql`${coupons.used} + 1` })
    .where(eq(coupons.id, coupon.id))
}

/**
 * The order was paid: its use of the coupon is final. A use an expired order had given back is taken again (the
 * money is in, whatever the limit says now).
 */
export async function commitCoupon(tx: Database, orderId: string) {
  await tx.execute(sql`
    WITH redeemed AS (
      UPDATE ${couponRedemptions} r SET status = 'committed'
      FROM (SELECT order_id, status FROM ${couponRedemptions} WHERE order_id = ${orderId} FOR UPDATE) before
      WHERE r.order_id = before.order_id AND before.status IN ('held', 'released')
      RETURNING r.coupon_id, before.status AS was
    )
    UPDATE ${coupons} c SET used = c.used + 1 FROM redeemed WHERE c.id = redeemed.coupon_id AND redeemed.was = 'released'`)
}

/** The order will never be paid: its use of the coupon is given back. */
export async function releaseCoupon(tx: Database, orderId: string) {
  await tx.execute(sql`
    WITH released AS (
      UPDATE ${couponRedemptions} SET status = 'released'
      WHERE order_id = ${orderId} AND status = 'held'
      RETURNING coupon_id
    )
    UPDATE ${coupons} c SET used = c.used - 1 FROM released WHERE c.id = released.coupon_id`)
}

async function findCoupon(db: Database, id: string): Promise<CouponTerms> {
  if (!isUuid(id)) throw notFound('Coupon not found')
  const [coupon] = await db.select().from(coupons).where(eq(coupons.id, id))
  if (!coupon) throw notFound('Coupon not found')
  return coupon
}

type CouponFields = Omit<CreateCouponBody, 'code'>

/** A coupon's fields in the request's terms (major units, percent), to merge an update onto. */
function fieldsOf(coupon: CouponTerms): CouponFields {
  return {
    kind: coupon.kind,
    percent: coupon.percentBasisPoints === null ? undefined : coupon.percentBasisPoints / 100,
    amount: coupon.amountMinor === null ? undefined : toMajor(coupon.amountMinor),
    currency: coupon.currency,
    min_order: coupon.minOrderMinor === null ? null : toMajor(coupon.minOrderMinor),
    starts_at: coupon.startsAt,
    ends_at: coupon.endsAt,
    max_uses: coupon.maxUses,
    max_uses_per_customer: coupon.maxUsesPerCustomer,
    category_ids: coupon.categoryIds,
    active: coupon.active,
  }
}

/** Checks a coupon's fields together and turns them into columns: 400 with the reason when they do not fit. */
function termsOf(
  body: CouponFields,
  defaults: { currency: string; kind: 'percent' | 'fixed'; active: boolean },
): Omit<
  CouponTerms,
  'id' | 'code' | 'used' | 'createdAt' | 'ambassadorId' | 'linkId' | 'commissionGivenUpBasisPoints'
> {
  const kind = body.kind ?? defaults.kind
  let percentBasisPoints: number | null = null
  let amountMinor: number | null = null
  if (kind === 'percent') {
    if (body.percent === undefined) throw badRequest('A percent coupon needs percent (1 to 100)', 'coupon_invalid')
    percentBasisPoints = Math.round(body.percent * 100)
    if (Math.abs(percentBasisPoints - body.percent * 100) > 1e-6 || percentBasisPoints <= 0) {
      throw badRequest('percent must be more than 0 with at most 2 decimals', 'coupon_invalid')
    }
  } else {
    if (body.amount === undefined) throw badRequest('A fixed coupon needs an amount', 'coupon_invalid')
    amountMinor = parsePriceToMinor(body.amount, 'amount')
    if (amountMinor <= 0) throw badRequest('amount must be more than 0', 'coupon_invalid')
  }
  const startsAt = body.starts_at ? new Date(body.starts_at).toISOString() : null
  const endsAt = body.ends_at ? new Date(body.ends_at).toISOString() : null
  if (startsAt && endsAt && endsAt <= startsAt) throw badRequest('ends_at must be after starts_at', 'coupon_invalid')
  const categoryIds = [...new Set(body.category_ids ?? [])]
  if (!categoryIds.every(isUuid)) throw badRequest('category_ids must be category ids', 'coupon_invalid')
  return {
    kind,
    percentBasisPoints,
    amountMinor,
    currency: (body.currency ?? defaults.currency).toUpperCase(),
    minOrderMinor: body.min_order == null ? null : parsePriceToMinor(body.min_order, 'min_order'),
    startsAt,
    endsAt,
    maxUses: body.max_uses ?? null,
    maxUsesPerCustomer: body.max_uses_per_customer ?? null,
    categoryIds,
    active: body.active ?? defaults.active,
  }
}

function couponView({ coupon, linkCode, firstName, lastName }: CouponWithOwner): Coupon {
  const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString())
  return {
    id: coupon.id,
    code: coupon.code,
    kind: coupon.kind,
    percent: coupon.percentBasisPoints === null ? null : coupon.percentBasisPoints / 100,
    amount: coupon.amountMinor === null ? null : toMajor(coupon.amountMinor),
    currency: coupon.currency,
    min_order: coupon.minOrderMinor === null ? null : toMajor(coupon.minOrderMinor),
    starts_at: iso(coupon.startsAt),
    ends_at: iso(coupon.endsAt),
    max_uses: coupon.maxUses,
    max_uses_per_customer: coupon.maxUsesPerCustomer,
    category_ids: coupon.categoryIds,
    active: coupon.active,
    used: coupon.used,
    created_at: new Date(coupon.createdAt).toISOString(),
    ambassador_id: coupon.ambassadorId,
    link_code: linkCode,
    ambassador_name: firstName === null ? null : `${firstName} ${lastName ?? ''}`.trim(),
  }
}
