import type { CommissionRuleData } from '@ambassador/contracts/events'
import { applyIfNewer } from '@ambassador/kit/db/newer'
import type { ServiceContext } from '@ambassador/kit/service'
import { eq, sql } from 'drizzle-orm'
import { type CommissionWithheld, commissionRules, deletedCommissionRules, orders } from './schema.ts'

/** A rule as evaluation sees it (the read model's row, less its bookkeeping). */
export type CommissionRule = {
  id: string
  kind: 'product' | 'category' | 'tier'
  label: string
  rateBasisPoints: number
  productId: string | null
  categoryId: string | null
  ambassadorId: string | null
  thresholdMinor: number | null
  currency: string | null
}

/** What an order's lines are evaluated against: the rules that may apply to it, and its ambassador's month so far. */
export type CommissionTerms = {
  defaultBasisPoints: number
  rules: CommissionRule[]
  ambassadorId: string
  currency: string
  /** The ambassador's paid sales this UTC month before this order, in `currency` (0 when no tier could apply). */
  monthSalesMinor: number
}

/** The outcome frozen on a line: the rate, the rule that chose it, and what that rule saw. */
export type FrozenCommission = {
  rateBasisPoints: number
  rule: 'default' | 'product' | 'category' | 'tier' | 'withheld'
  ruleId: string | null
  label: string
  detail: Record<string, unknown>
}

export const DEFAULT_RULE_LABEL = 'The store’s default rate'

/**
 * The commission rate of one line: the product's rule, else its categories' (the highest rate when several match:
 * a product in a premium category should not earn less for also being in a plain one), else the store's default;
 * then the best monthly tier the ambassador has reached (sales this month before this order ≥ threshold, same
 * currency, for them or for everyone) raises it if it is higher. A tier never lowers a rate.
 */
export function evaluateCommission(
  terms: CommissionTerms,
  line: { productId: string; categoryIds: string[]; paidMinor: number },
): FrozenCommission {
  const base = baseRule(terms, line)
  const detail: Record<string, unknown> = {
    base_rule: base.rule,
    base_rate_basis_points: base.rateBasisPoints,
    line_paid_minor: line.paidMinor,
    currency: terms.currency,
  }
  const tier = bestTier(terms)
  if (tier && tier.rateBasisPoints > base.rateBasisPoints) {
    return {
      rateBasisPoints: tier.rateBasisPoints,
      rule: 'tier',
      ruleId: tier.id,
      label: tier.label,
      detail: {
        ...detail,
        base_label: base.label,
        month_sales_minor: terms.monthSalesMinor,
        threshold_minor: tier.thresholdMinor,
        for_ambassador: tier.ambassadorId !== null,
      },
    }
  }
  return { ...base, detail }
}

function baseRule(
  terms: CommissionTerms,
  line: { productId: string; categoryIds: string[] },
): Omit<FrozenCommission, 'detail'> {
  const product = terms.rules.find((rule) => rule.kind === 'product' && rule.productId === line.productId)
  if (product) return frozen(product, 'product')
  const categories = new Set(line.categoryIds)
  let best: CommissionRule | undefined
  for (const rule of terms.rules) {
    if (rule.kind !== 'category' || rule.categoryId === null || !categories.has(rule.categoryId)) continue
    // Ties go to the smaller id, so the same line always names the same rule.
    if (
      !best ||
      rule.rateBasisPoints > best.rateBasisPoints ||
      (rule.rateBasisPoints === best.rateBasisPoints && rule.id < best.id)
    )
      best = rule
  }
  if (best) return frozen(best, 'category')
  return { rateBasisPoints: terms.defaultBasisPoints, rule: 'default', ruleId: null, label: DEFAULT_RULE_LABEL }
}

function frozen(rule: CommissionRule, kind: 'product' | 'category') {
  return { rateBasisPoints: rule.rateBasisPoints, rule: kind, ruleId: rule.id, label: rule.label }
}

/** The highest-rate tier reached this month (ties: the higher threshold, then the smaller id). */
function bestTier(terms: CommissionTerms): CommissionRule | undefined {
  let best: CommissionRule | undefined
  for (const rule of applicableTiers(terms)) {
    if (rule.thresholdMinor === null || rule.thresholdMinor > terms.monthSalesMinor) continue
    if (
      !best ||
      rule.rateBasisPoints > best.rateBasisPoints ||
      (rule.rateBasisPoints === best.rateBasisPoints && (rule.thresholdMinor ?? 0) > (best.thresholdMinor ?? 0))
    ) {
      best = rule
    }
  }
  return best
}

function applicableTiers(terms: CommissionTerms): CommissionRule[] {
  return terms.rules.filter(
    (rule) =>
      rule.kind === 'tier' &&
      rule.currency === terms.currency &&
      (rule.ambassadorId === null || rule.ambassadorId === terms.ambassadorId),
  )
}

/** The first instant of `now`'s calendar month, UTC. */
export function monthStartUtc(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString()
}

/**
 * Everything placing an order needs to evaluate its lines, in ONE statement: the rules that may apply (those of its
 * products and their categories, and the tiers of its ambassador or of all), and — only when such a tier exists — the
 * ambassador's paid sales this UTC month so far (an index range over their completed orders, refunds netted out).
 */
export async function commissionTermsFor(
  ctx: ServiceContext,
  order: { ambassadorId: string; currency: string; productIds: string[]; categoryIds: string[] },
): Promise<CommissionTerms> {
  const productIds = sql`${`{${order.productIds.join(',')}}`}::uuid[]`
  const categoryIds = sql`${`{${order.categoryIds.join(',')}}`}::uuid[]`
  const tierFor = sql`kind = 'tier' AND currency = ${order.currency} AND (ambassador_id IS NULL OR ambassador_id = ${order.ambassadorId}::uuid)`
  const rows = await ctx.db.execute<{ rules: CommissionRuleData[] | null; month_sales: string | number | null }>(sql`
    SELECT
      (SELECT json_agg(json_build_object('id', r.id, 'kind', r.kind, 'label', r.label,
          'rate_basis_points', r.rate_basis_points, 'product_id', r.product_id, 'category_id', r.category_id,
          'ambassador_id', r.ambassador_id, 'threshold_minor', r.threshold_minor, 'currency', r.currency))
        FROM ${commissionRules} r
        WHERE r.product_id = ANY(${productIds}) OR r.category_id = ANY(${categoryIds}) OR (${tierFor})) AS rules,
      CASE WHEN EXISTS (SELECT 1 FROM ${commissionRules} WHERE ${tierFor}) THEN
        (SELECT coalesce(sum(o.total_minor - o.refunded_minor), 0) FROM ${orders} o
          WHERE o.ambassador_id = ${order.ambassadorId}::uuid AND o.status = 'completed'
            AND o.completed_at >= ${monthStartUtc(ctx.clock.now())} AND o.currency = ${order.currency})
      ELSE 0 END AS month_sales`)
  const row = rows.rows[0]
  return {
    defaultBasisPoints: ctx.config.commissionRateBasisPoints,
    ambassadorId: order.ambassadorId,
    currency: order.currency,
    monthSalesMinor: Number(row?.month_sales ?? 0),
    rules: (row?.rules ?? []).map(ruleOf),
  }
}

const ruleOf = (data: CommissionRuleData): CommissionRule => ({
  id: data.id,
  kind: data.kind,
  label: data.label,
  rateBasisPoints: data.rate_basis_points,
  productId: data.product_id,
  categoryId: data.category_id,
  ambassadorId: data.ambassador_id,
  thresholdMinor: data.threshold_minor === null ? null : Number(data.threshold_minor),
  currency: data.currency,
})

/** Keeps a rule as admin announced it at `at`: an older event never overwrites, a deleted rule never comes back. */
export async function applyCommissionRule(ctx: ServiceContext, rule: CommissionRuleData, at: string) {
  await applyIfNewer(
    ctx.db,
    commissionRules,
    {
      id: rule.id,
      kind: rule.kind,
      label: rule.label,
      rateBasisPoints: rule.rate_basis_points,
      productId: rule.product_id,
      categoryId: rule.category_id,
      ambassadorId: rule.ambassador_id,
      thresholdMinor: rule.threshold_minor,
      currency: rule.currency,
      updatedAt: at,
    },
    deletedCommissionRules,
  )
}

/** Forgets a rule for good; orders placed under it keep what was frozen on their lines. */
export async function removeCommissionRule(ctx: ServiceContext, id: string, at: string) {
  await ctx.db.insert(deletedCommissionRules).values({ id, deletedAt: at }).onConflictDoNothing()
  await ctx.db.delete(commissionRules).where(eq(commissionRules.id, id))
}

/** A line's columns for the commission frozen on it (none: no ambassador). */
export function lineColumnsOf(commission: FrozenCommission | undefined) {
  return {
    commissionRateBasisPoints: commission?.rateBasisPoints ?? 0,
    commissionRule: commission?.rule ?? null,
    commissionRuleId: commission?.ruleId ?? null,
    commissionRuleLabel: commission?.label ?? null,
    commissionRuleDetail: commission?.detail ?? null,
  }
}

/** The commission of a line of an ambassador's own order: none, and why. */
export function ownOrder(reason: CommissionWithheld): FrozenCommission {
  return { rateBasisPoints: 0, rule: 'withheld', ruleId: null, label: 'Own order', detail: { reason } }
}

/**
 * A vanity code's ambassador gives up part of their rate on the orders it brings (never below 0); the line's
 * "why" says so.
 */
export function givingUp(commission: FrozenCommission, givenUpBasisPoints: number): FrozenCommission {
  if (givenUpBasisPoints <= 0) return commission
  return {
    ...commission,
    rateBasisPoints: Math.max(0, commission.rateBasisPoints - givenUpBasisPoints),
    detail: {
      ...commission.detail,
      rate_before_basis_points: commission.rateBasisPoints,
      given_up_basis_points: givenUpBasisPoints,
    },
  }
}
