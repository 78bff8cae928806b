/**
 * The referral cookie: set when a shopper opens an ambassador's link (`/c/:code` or `?ref=<code>` on any page), read by
 * checkout when the shopper orders later, so the order credits the link's ambassador within the referral window.
 * It names the link's code (checkout knows links by code), the click that set it, and when — checkout checks the window
 * itself rather than trusting the browser's expiry. A forged cookie can only credit a real link, as opening it would.
 */
export const REFERRAL_COOKIE = 'amb_ref'

export type Referral = { code: string; clickId: string; clickedAt: Date }

const CODE = /^[A-Za-z0-9_-]{1,64}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function formatReferralCookie(referral: Referral): string {
  return `${referral.code}.${referral.clickId}.${Math.floor(referral.clickedAt.getTime() / 1000)}`
}

/** The referral a cookie value names, or undefined when it is not one of ours. */
export function parseReferralCookie(value: string | undefined): Referral | undefined {
  if (!value) return undefined
  const [code, clickId, seconds, ...rest] = value.split('.')
  if (rest.length > 0 || !code || !clickId || !seconds) return undefined
  if (!CODE.test(code) || !UUID.test(clickId) || !/^\d{1,12}$/.test(seconds)) return undefined
  return { code, clickId, clickedAt: new Date(Number(seconds) * 1000) }
}

/** Whether a referral still credits its ambassador at `now`. */
export function withinWindow(referral: Referral, now: Date, days: number): boolean {
  const age = now.getTime() - referral.clickedAt.getTime()
  return age >= -60_000 && age <= days * 86_400_000
}
