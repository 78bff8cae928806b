import { createHash } from 'node:crypto'
import { type Referral, withinWindow } from '@ambassador/contracts/referral'
import type { Config } from '@ambassador/kit/config/config'
import type { Database } from '@ambassador/kit/db/database'
import { eq, sql } from 'drizzle-orm'
import { findCouponByCode } from './coupons.ts'
import { type AttributedBy, ambassadors, type CommissionWithheld, links, orders, savedAddresses } from './schema.ts'

/** The link an order credits, and its ambassador. */
export type Attribution = { linkId: string; code: string; ambassadorId: string }

/** Who gets the credit for an order, how that was decided, and what the ambassador gives up of their rate for it. */
export type Credit = {
  attribution: Attribution | null
  attributedBy: AttributedBy | null
  clickId: string | null
  /** A vanity code's ambassador funds part of its discount: their rate on the order is this much lower. */
  rateGivenUpBasisPoints: number
}

export const NO_CREDIT: Credit = { attribution: null, attributedBy: null, clickId: null, rateGivenUpBasisPoints: 0 }

/**
 * Decides which ambassador an order credits, strongest claim first:
 * 1. the ambassador's own vanity code used on the order (no click needed);
 * 2. the referral cookie, within ATTRIBUTION_DAYS of its click — set on the first or the last link opened, by
 *    ATTRIBUTION_MODEL, so buying on another link's page or from the shop still credits that click;
 * 3. the link the order was placed on (its page, or the cart it filled) — all an API client without cookies has.
 */
export async function creditFor(
  db: Database,
  config: Pick<Config, 'attributionDays' | 'attributionModel'>,
  now: Date,
  claims: { couponCode?: string | undefined; referral?: Referral | undefined; placedOn: Attribution | null },
): Promise<Credit> {
  if (claims.couponCode) {
    const coupon = await findCouponByCode(db, claims.couponCode)
    if (coupon?.ambassadorId && coupon.linkId) {
      const [link] = await db.select().from(links).where(eq(links.id, coupon.linkId))
      if (link && link.userId === coupon.ambassadorId) {
        return {
          attribution: { linkId: link.id, code: link.code, ambassadorId: link.userId },
          attributedBy: 'coupon',
          clickId: null,
          rateGivenUpBasisPoints: coupon.commissionGivenUpBasisPoints,
        }
      }
    }
  }
  const referral = claims.referral
  if (referral && withinWindow(referral, now, config.attributionDays)) {
    const [link] = await db.select().from(links).where(eq(links.code, referral.code))
    if (link) {
      return {
        attribution: { linkId: link.id, code: link.code, ambassadorId: link.userId },
        attributedBy: config.attributionModel === 'first' ? 'first_click' : 'last_click',
        clickId: referral.clickId,
        rateGivenUpBasisPoints: 0,
      }
    }
  }
  if (claims.placedOn) return { ...NO_CREDIT, attribution: claims.placedOn, attributedBy: 'link' }
  return NO_CREDIT
}

/**
 * An email as a key that matches the same mailbox however it is written: lower case, no `+tag`, and no dots in a
 * Gmail address. Hashed: checkout never keeps an ambassador's email.
 */
export function emailKeyOf(email: string): string {
  const [local = '', domain = ''] = email
    .trim()
    .toLowerCase()
    .split(/@(?=[^@]*$)/)
  let name = local.split('+')[0] ?? ''
  if (domain === 'gmail.com' || domain === 'googlemail.com') name = name.replaceAll('.', '')
  const mailbox = `${name}@${domain === 'googlemail.com' ? 'gmail.com' : domain}`
  return createHash('sha256').update(mailbox).digest('hex')
}

/** A postal address reduced to what identifies it: letters and digits of street, postcode and country. */
export function addressKeyOf(address: { address: string; zip: string; country: string }): string {
  const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
  return `${squash(address.address)}|${squash(address.zip)}|${squash(address.country)}`
}

/**
 * The orders known for certain to be an ambassador's own (they were signed in, or gave their email): only their
 * addresses and cards mark later orders as the ambassador's too — an order found by its address or card does not
 * in turn make its own address or card the ambassador's.
 */
export const KNOWN_OWN = sql`('own_email', 'own_account')`

/**
 * Whether an order is the referring ambassador's own, and so earns no commission: they are signed in as themselves,
 * the buyer's email is theirs, or it ships to an address they used for themselves before (their saved addresses, or
 * an earlier order known to be their own).
 */
export async function selfReferralOf(
  db: Database,
  order: {
    ambassadorId: string
    email: string
    address: string
    zip: string
    country: string
    buyerIds: (string | undefined)[]
  },
): Promise<CommissionWithheld | null> {
  if (order.buyerIds.includes(order.ambassadorId)) return 'own_account'
  // One round trip: the ambassador's email key and the addresses known to be theirs.
  const result = await db.execute<{
    email_key: string | null
    addresses: { address: string; zip: string; country: string }[] | null
  }>(sql`
    SELECT (SELECT email_key FROM ${ambassadors} WHERE id = ${order.ambassadorId}) AS email_key,
      (SELECT json_agg(known) FROM (
        SELECT address, zip, country FROM ${savedAddresses} WHERE customer_id = ${order.ambassadorId}
        UNION
        SELECT address, zip, country FROM ${orders}
        WHERE ambassador_id = ${order.ambassadorId} AND commission_withheld IN ${KNOWN_OWN}
        LIMIT 200) known) AS addresses`)
  const known = result.rows[0]
  if (known?.email_key && known.email_key === emailKeyOf(order.email)) return 'own_email'
  const key = addressKeyOf(order)
  if ((known?.addresses ?? []).some((address) => addressKeyOf(address) === key)) return 'own_address'
  return null
}
