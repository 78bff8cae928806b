import type { CommissionRuleData } from '@ambassador/contracts/events'
import type {
  CommissionRule,
  CommissionRuleBody,
  CommissionRuleList,
  CommissionRulePatchBody,
} from '@ambassador/contracts/http'
import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { postgresCode } from '@ambassador/kit/db/errors'
import { AppError, badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import { formatMoney, parsePriceToMinor, toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, asc, eq } from 'drizzle-orm'
import { categories, commissionRules, products, users } from './schema.ts'

type RuleRow = typeof commissionRules.$inferSelect

const INVALID = 'commission_rule_invalid'
const MAX_THRESHOLD_MINOR = 100_000_000

const view = (row: RuleRow): CommissionRule => ({
  id: row.id,
  kind: row.kind,
  label: row.label,
  rate: row.rateBasisPoints / 100,
  product_id: row.productId,
  category_id: row.categoryId,
  ambassador_id: row.ambassadorId,
  threshold: row.thresholdMinor === null ? null : toMajor(row.thresholdMinor),
  currency: row.currency,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
})

/** A rule as its events carry it. */
export const commissionRuleData = (row: RuleRow): CommissionRuleData => ({
  id: row.id,
  kind: row.kind,
  label: row.label,
  rate_basis_points: row.rateBasisPoints,
  product_id: row.productId,
  category_id: row.categoryId,
  ambassador_id: row.ambassadorId,
  threshold_minor: row.thresholdMinor,
  currency: row.currency,
})

/** The default rate and every rule: products, categories, then tiers by threshold. */
export async function listCommissionRules(ctx: ServiceContext): Promise<CommissionRuleList> {
  const rows = await ctx.db
    .select()
    .from(commissionRules)
    .orderBy(asc(commissionRules.kind), asc(commissionRules.thresholdMinor), asc(commissionRules.createdAt))
  return { default_rate: ctx.config.commissionRateBasisPoints / 100, rules: rows.map(view) }
}

/** One rule, or 404 commission_rule_not_found. */
export async function findCommissionRule(ctx: ServiceContext, id: string): Promise<CommissionRule> {
  const [row] = isUuid(id) ? await ctx.db.select().from(commissionRules).where(eq(commissionRules.id, id)) : []
  if (!row) throw ruleNotFound()
  return view(row)
}

/** Adds a rule for a product, a category, or a monthly tier; announces commission_rule.created. */
export async function createCommissionRule(ctx: ServiceContext, input: CommissionRuleBody): Promise<CommissionRule> {
  const rateBasisPoints = rateOf(input.rate)
  const target = await targetOf(ctx.db, ctx.config.currency, input)
  const now = ctx.clock.now().toISOString()
  return saving(() =>
    inTransaction(ctx.db, async (tx) => {
      const [row] = await tx
        .insert(commissionRules)
        .values({
          id: newId(),
          kind: input.kind,
          label: labelOf(input.label, target.label),
          rateBasisPoints,
          productId: target.productId,
          categoryId: target.categoryId,
          ambassadorId: target.ambassadorId,
          thresholdMinor: target.thresholdMinor,
          currency: target.currency,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      if (!row) throw new Error('inserting a commission rule returned no row')
      await ctx.outbox.add(tx, { type: 'commission_rule.created', key: row.id, data: commissionRuleData(row) })
      return view(row)
    }),
  )
}

/** Changes a rule's label, rate, or (a tier's) threshold and ambassador; announces commission_rule.updated. */
export async function updateCommissionRule(
  ctx: ServiceContext,
  id: string,
  input: CommissionRulePatchBody,
): Promise<CommissionRule> {
  if (!isUuid(id)) throw ruleNotFound()
  const [current] = await ctx.db.select().from(commissionRules).where(eq(commissionRules.id, id))
  if (!current) throw ruleNotFound()
  if (current.kind !== 'tier' && (input.threshold !== undefined || input.ambassador_id !== undefined)) {
    throw badRequest('Only a tier has a threshold and an ambassador', INVALID)
  }
  if (input.ambassador_id) await requireAmbassador(ctx.db, input.ambassador_id)
  const changes = {
    ...(input.label === undefined ? {} : { label: labelOf(input.label, current.label) }),
    ...(input.rate === undefined ? {} : { rateBasisPoints: rateOf(input.rate) }),
    ...(input.threshold === undefined ? {} : { thresholdMinor: thresholdOf(input.threshold) }),
    ...(input.ambassador_id === undefined ? {} : { ambassadorId: input.ambassador_id }),
  }
  return saving(() =>
    inTransaction(ctx.db, async (tx) => {
      const [row] = await tx
        .update(commissionRules)
        .set({ ...changes, updatedAt: ctx.clock.now().toISOString() })
        .where(eq(commissionRules.id, id))
        .returning()
      if (!row) throw ruleNotFound()
      await ctx.outbox.add(tx, { type: 'commission_rule.updated', key: row.id, data: commissionRuleData(row) })
      return view(row)
    }),
  )
}

/** Removes a rule (orders placed under it keep the rate frozen on their lines); announces commission_rule.deleted. */
export async function deleteCommissionRule(ctx: ServiceContext, id: string): Promise<void> {
  if (!isUuid(id)) throw ruleNotFound()
  await inTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .delete(commissionRules)
      .where(eq(commissionRules.id, id))
      .returning({ id: commissionRules.id })
    if (!row) throw ruleNotFound()
    await ctx.outbox.add(tx, { type: 'commission_rule.deleted', key: id, data: { id } })
  })
}

type Target = {
  productId: string | null
  categoryId: string | null
  ambassadorId: string | null
  thresholdMinor: number | null
  currency: string | null
  /** The label the rule gets when the admin gives none. */
  label: string
}

/** What a new rule applies to, checked against the catalog and the ambassadors this service knows. */
async function targetOf(db: Database, storeCurrency: string, input: CommissionRuleBody): Promise<Target> {
  const none = { productId: null, categoryId: null, ambassadorId: null, thresholdMinor: null, currency: null }
  const stray = (fields: (keyof CommissionRuleBody)[]) => fields.filter((field) => input[field] != null)
  if (input.kind === 'product') {
    if (!input.product_id) throw badRequest('A product rule needs product_id', INVALID)
    refuseStray(stray(['category_id', 'ambassador_id', 'threshold', 'currency']), 'product')
    const [product] = isUuid(input.product_id)
      ? await db.select({ title: products.title }).from(products).where(eq(products.id, input.product_id))
      : []
    if (!product) throw badRequest('There is no product with this id', 'unknown_product')
    return { ...none, productId: input.product_id, label: product.title }
  }
  if (input.kind === 'category') {
    if (!input.category_id) throw badRequest('A category rule needs category_id', INVALID)
    refuseStray(stray(['product_id', 'ambassador_id', 'threshold', 'currency']), 'category')
    const [category] = isUuid(input.category_id)
      ? await db.select({ name: categories.name }).from(categories).where(eq(categories.id, input.category_id))
      : []
    if (!category) throw badRequest('There is no category with this id', 'unknown_category')
    return { ...none, categoryId: input.category_id, label: category.name }
  }
  if (input.threshold === undefined) throw badRequest('A tier needs a threshold (sales this month)', INVALID)
  refuseStray(stray(['product_id', 'category_id']), 'tier')
  if (input.ambassador_id) await requireAmbassador(db, input.ambassador_id)
  const thresholdMinor = thresholdOf(input.threshold)
  const currency = (input.currency ?? storeCurrency).toUpperCase()
  return {
    ...none,
    ambassadorId: input.ambassador_id ?? null,
    thresholdMinor,
    currency,
    label: `Monthly sales from ${formatMoney(thresholdMinor, currency)}`,
  }
}

function refuseStray(fields: string[], kind: string) {
  if (fields.length > 0) throw badRequest(`A ${kind} rule takes no ${fields.join(', ')}`, INVALID)
}

async function requireAmbassador(db: Database, id: string) {
  const [ambassador] = isUuid(id)
    ? await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, id), eq(users.role, 'ambassador')))
    : []
  if (!ambassador) throw badRequest('There is no ambassador with this id', 'unknown_ambassador')
}

/** A percentage with at most 2 decimals, 0 to 100, in basis points (15.5 → 1550): no float arithmetic. */
function rateOf(rate: number): number {
  return reworded(() => parsePriceToMinor(rate, 'rate', 10_000), 'rate must be 0 to 100 with at most 2 decimals')
}

function thresholdOf(threshold: number): number {
  return reworded(() => parsePriceToMinor(threshold, 'threshold', MAX_THRESHOLD_MINOR))
}

/** The money parser's 400, with this area's code. */
function reworded(parse: () => number, message?: string): number {
  try {
    return parse()
  } catch (error) {
    if (error instanceof AppError) throw badRequest(message ?? error.message, INVALID)
    throw error
  }
}

function labelOf(label: string | undefined, fallback: string): string {
  return label?.trim() || fallback
}

/** A second rule for the same product, category or tier is a 409. */
async function saving<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (postgresCode(error) === '23505') {
      throw conflict('There is already a rule for this product, category or tier', 'commission_rule_exists')
    }
    throw error
  }
}

function ruleNotFound() {
  return notFound('Commission rule not found', 'commission_rule_not_found')
}
