import type { CreateVanityCodeBody, VanityCode, VanityCodeLimits } from '@ambassador/contracts/http'
import { inTransaction } from '@ambassador/kit/db/database'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, count, desc, eq, sql } from 'drizzle-orm'
import { normalizeCode } from './coupons.ts'
import { coupons, links, vanityCodeLimits } from './schema.ts'

type CouponRow = typeof coupons.$inferSelect

/** Percent with at most two decimals, as basis points; undefined when it has more. */
function basisPoints(percent: number): number | undefined {
  const points = Math.round(percent * 100)
  return Math.abs(points - percent * 100) > 1e-6 ? undefined : points
}

/** What the admin allows vanity codes to give, and how many each ambassador may have. */
export async function vanityLimits(ctx: ServiceContext): Promise<VanityCodeLimits> {
  const [row] = await ctx.db.select().from(vanityCodeLimits).where(eq(vanityCodeLimits.id, 1))
  return {
    max_discount_percent: (row?.maxDiscountBasisPoints ?? 1000) / 100,
    max_codes_per_ambassador: row?.maxCodesPerAmbassador ?? 3,
  }
}

/** An admin sets the limits; codes already made keep their terms, new ones must fit. */
export async function setVanityLimits(
  ctx: ServiceContext,
  adminId: string,
  limits: VanityCodeLimits,
): Promise<VanityCodeLimits> {
  const maxDiscountBasisPoints = basisPoints(limits.max_discount_percent)
  if (maxDiscountBasisPoints === undefined) {
    throw badRequest('max_discount_percent takes at most 2 decimals', 'invalid_limits')
  }
  const values = {
    maxDiscountBasisPoints,
    maxCodesPerAmbassador: limits.max_codes_per_ambassador,
    updatedAt: ctx.clock.now().toISOString(),
    updatedBy: adminId,
  }
  await ctx.db
    .insert(vanityCodeLimits)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: vanityCodeLimits.id, set: values })
  return vanityLimits(ctx)
}

/**
 * An ambassador makes a code of their own (e.g. ADA10): a percent coupon bound to them and one of their links, so an
 * order using it credits them with no click. The discount stays within the admin's limit; the part of it the
 * ambassador funds lowers their rate on those orders (`commission_given_up_percent`, at most the discount).
 */
export async function createVanityCode(
  ctx: ServiceContext,
  ambassadorId: string,
  body: CreateVanityCodeBody,
): Promise<VanityCode> {
  const code = normalizeCode(body.code)
  if (!/^[A-Z0-9]{3,20}$/.test(code)) throw badRequest('A code is 3 to 20 letters or digits', 'invalid_code')
  const discount = basisPoints(body.discount_percent)
  const givenUp = basisPoints(body.commission_given_up_percent ?? 0)
  if (discount === undefined || discount <= 0 || givenUp === undefined) {
    throw badRequest('Percentages take at most 2 decimals, and the discount is more than 0', 'invalid_discount')
  }
  if (givenUp > discount) {
    throw badRequest('You can give up at most the discount’s worth of your commission', 'given_up_too_large')
  }
  const limits = await vanityLimits(ctx)
  if (discount > limits.max_discount_percent * 100) {
    throw badRequest(
      `The store allows a discount of at most ${limits.max_discount_percent}% on your codes`,
      'discount_too_large',
    )
  }
  return inTransaction(ctx.db, async (tx) => {
    // One ambassador's codes are made one at a time, so the count below holds.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`vanity:${ambassadorId}`}, 0))`)
    const [link] = await tx
      .select({ id: links.id, code: links.code })
      .from(links)
      .where(
        body.link_code === undefined
          ? eq(links.userId, ambassadorId)
          : and(eq(links.userId, ambassadorId), eq(links.code, body.link_code)),
      )
      // Link ids are uuid v7 (time first), so the largest is the newest: checkout's read model keeps no creation time.
      .orderBy(desc(links.id))
      .limit(1)
    if (!link) {
      if (body.link_code !== undefined) throw notFound('You have no link with this code', 'link_not_found')
      throw conflict('Create a link first: a code counts for one of your links', 'link_required')
    }
    const [active] = await tx
      .select({ n: count() })
      .from(coupons)
      .where(and(eq(coupons.ambassadorId, ambassadorId), eq(coupons.active, true)))
    if ((active?.n ?? 0) >= limits.max_codes_per_ambassador) {
      throw conflict(
        `You can have ${limits.max_codes_per_ambassador} active codes; deactivate one first`,
        'too_many_codes',
      )
    }
    const [created] = await tx
      .insert(coupons)
      .values({
        id: newId(),
        code,
        kind: 'percent',
        percentBasisPoints: discount,
        currency: ctx.config.currency,
        ambassadorId,
        linkId: link.id,
        commissionGivenUpBasisPoints: givenUp,
        createdAt: ctx.clock.now().toISOString(),
      })
      .onConflictDoNothing({ target: coupons.code })
      .returning()
    if (!created) throw conflict(`The code ${code} is taken; try another`, 'code_taken')
    return vanityView(created, link.code)
  })
}

/** An ambassador's codes, newest first, with how often each was used. */
export async function listVanityCodes(ctx: ServiceContext, ambassadorId: string): Promise<VanityCode[]> {
  const rows = await ctx.db
    .select({ coupon: coupons, linkCode: links.code })
    .from(coupons)
    .innerJoin(links, eq(links.id, coupons.linkId))
    .where(eq(coupons.ambassadorId, ambassadorId))
    .orderBy(desc(coupons.createdAt), desc(coupons.id))
  return rows.map((row) => vanityView(row.coupon, row.linkCode))
}

/** An ambassador stops one of their codes; orders placed with it keep it. Anyone else's → 404. */
export async function deactivateVanityCode(ctx: ServiceContext, ambassadorId: string, id: string): Promise<VanityCode> {
  if (!isUuid(id)) throw notFound('No code of yours has this id', 'code_not_found')
  const [updated] = await ctx.db
    .update(coupons)
    .set({ active: false })
    .where(and(eq(coupons.id, id), eq(coupons.ambassadorId, ambassadorId)))
    .returning()
  if (!updated?.linkId) throw notFound('No code of yours has this id', 'code_not_found')
  const [link] = await ctx.db.select({ code: links.code }).from(links).where(eq(links.id, updated.linkId))
  return vanityView(updated, link?.code ?? '')
}

function vanityView(coupon: CouponRow, linkCode: string): VanityCode {
  return {
    id: coupon.id,
    code: coupon.code,
    discount_percent: (coupon.percentBasisPoints ?? 0) / 100,
    commission_given_up_percent: coupon.commissionGivenUpBasisPoints / 100,
    link_code: linkCode,
    active: coupon.active,
    used: coupon.used,
    created_at: new Date(coupon.createdAt).toISOString(),
  }
}
