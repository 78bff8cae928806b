import { formatCents, toCents } from '../checkout/order.ts'
import { formatMoment } from '../dates.ts'
import { localInputToIso } from './local-time.ts'
import type { Coupon, CreateCouponBody } from './types.ts'

/** The coupon form as typed: numbers as text, dates as `datetime-local` values. */
export type CouponDraft = {
  code: string
  kind: 'percent' | 'fixed'
  /** percent off (kind percent) or an amount off (kind fixed) */
  value: string
  min_order: string
  starts_at: string
  ends_at: string
  max_uses: string
  max_uses_per_customer: string
  category_ids: string[]
  active: boolean
}

export type CouponProblems = Partial<Record<Exclude<keyof CouponDraft, 'kind' | 'category_ids' | 'active'>, string>>

export const EMPTY_COUPON: CouponDraft = {
  code: '',
  kind: 'percent',
  value: '',
  min_order: '',
  starts_at: '',
  ends_at: '',
  max_uses: '',
  max_uses_per_customer: '',
  category_ids: [],
  active: true,
}

const MONEY = /^\d{1,7}(\.\d{1,2})?$/
const PERCENT = /^\d{1,3}(\.\d{1,2})?$/

/** What is wrong with the form, field by field, checked as the API checks it; empty when it can be sent. */
export function couponProblems(draft: CouponDraft): CouponProblems {
  const problems: CouponProblems = {}
  const code = draft.code.trim()
  if (code.length < 2 || code.length > 32) problems.code = 'Enter a code of 2 to 32 characters'
  else if (!/^[A-Za-z0-9_-]+$/.test(code)) problems.code = 'Use letters, digits, - and _ only (no spaces)'

  const value = draft.value.trim()
  if (draft.kind === 'percent') {
    if (!PERCENT.test(value) || Number(value) <= 0 || Number(value) > 100)
      problems.value = 'Enter a percentage above 0 and at most 100, like 10 or 12.5'
  } else if (!MONEY.test(value) || Number(value) <= 0) {
    problems.value = 'Enter an amount above 0 like 5 or 7.50 (at most 2 decimals)'
  }

  const minOrder = draft.min_order.trim()
  if (minOrder && (!MONEY.test(minOrder) || Number(minOrder) > 1_000_000))
    problems.min_order = 'Enter an amount like 50 or 49.99, or leave it empty'

  const starts = draft.starts_at ? localInputToIso(draft.starts_at) : null
  const ends = draft.ends_at ? localInputToIso(draft.ends_at) : null
  if (starts === undefined) problems.starts_at = 'Enter a date and time, or leave it empty'
  if (ends === undefined) problems.ends_at = 'Enter a date and time, or leave it empty'
  else if (starts && ends && ends <= starts) problems.ends_at = 'The end must come after the start'

  const maxUses = countProblem(draft.max_uses, 100_000_000)
  if (maxUses) problems.max_uses = maxUses
  const perCustomer = countProblem(draft.max_uses_per_customer, 1_000_000)
  if (perCustomer) problems.max_uses_per_customer = perCustomer
  return problems
}

function countProblem(text: string, max: number): string | undefined {
  const value = text.trim()
  if (!value) return undefined
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    return `Enter a whole number from 1 to ${max.toLocaleString('en-US')}, or leave it empty for no limit`
  return undefined
}

/** The body of `POST /api/admin/coupons` from a form without problems; what was left empty is left out. */
export function couponBody(draft: CouponDraft): CreateCouponBody {
  const value = Number(draft.value.trim())
  const optionalNumber = (text: string) => (text.trim() ? Number(text.trim()) : undefined)
  const body: CreateCouponBody = {
    code: draft.code.trim(),
    kind: draft.kind,
    ...(draft.kind === 'percent' ? { percent: value } : { amount: value }),
    min_order: optionalNumber(draft.min_order),
    starts_at: draft.starts_at ? localInputToIso(draft.starts_at) : undefined,
    ends_at: draft.ends_at ? localInputToIso(draft.ends_at) : undefined,
    max_uses: optionalNumber(draft.max_uses),
    max_uses_per_customer: optionalNumber(draft.max_uses_per_customer),
    category_ids: draft.category_ids,
    active: draft.active,
  }
  // JSON leaves undefined out anyway; dropping it here keeps the body what it looks like.
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as CreateCouponBody
}

const money = (amount: number, currency: string) => formatCents(toCents(amount), currency.toUpperCase())

/** "10% off", "12.5% off" or "$5.00 off". */
export function couponDiscount(coupon: Pick<Coupon, 'kind' | 'percent' | 'amount' | 'currency'>): string {
  return coupon.kind === 'percent' ? `${coupon.percent ?? 0}% off` : `${money(coupon.amount ?? 0, coupon.currency)} off`
}

/** "Minimum order $50.00", or nothing when any order will do. */
export function couponMinOrder(coupon: Pick<Coupon, 'min_order' | 'currency'>): string | undefined {
  return coupon.min_order ? `Minimum order ${money(coupon.min_order, coupon.currency)}` : undefined
}

/** "3 of 100" or "3, no limit". */
export function couponUses(coupon: Pick<Coupon, 'used' | 'max_uses'>): string {
  return coupon.max_uses === null ? `${coupon.used}, no limit` : `${coupon.used} of ${coupon.max_uses}`
}

/** "1 per customer" or "No limit per customer". */
export function couponPerCustomer(coupon: Pick<Coupon, 'max_uses_per_customer'>): string {
  return coupon.max_uses_per_customer === null
    ? 'No limit per customer'
    : `${coupon.max_uses_per_customer} per customer`
}

/** When it can be used, a line per end: ["Any time"], ["From …"], ["Until …"] or ["From …", "until …"]. */
export function couponDates(coupon: Pick<Coupon, 'starts_at' | 'ends_at'>, now = new Date()): string[] {
  const starts = coupon.starts_at ? formatMoment(coupon.starts_at, now) : ''
  const ends = coupon.ends_at ? formatMoment(coupon.ends_at, now) : ''
  if (starts && ends) return [`From ${starts}`, `until ${ends}`]
  if (starts) return [`From ${starts}`]
  if (ends) return [`Until ${ends}`]
  return ['Any time']
}
