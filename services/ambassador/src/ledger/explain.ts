import type { CommissionExplanation } from '@ambassador/contracts/http'
import { notFound } from '@ambassador/kit/errors/errors'
import { isUuid } from '@ambassador/kit/ids/ids'
import { formatMoney, toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, asc, eq } from 'drizzle-orm'
import { ledgerDeliveries, ledgerEntries } from '../schema.ts'

const DAY_MS = 86_400_000

/** Who reads the explanation: the sentence says "your" to the ambassador, "their" to an admin. */
export type Reader = { ambassadorId: string } | 'admin'

/**
 * Why an order line earned what it did: the rate and the rule frozen on it when the order was placed, what the rule
 * saw, a sentence saying so, what the line earned and has left after refunds, its ledger entries in order, and when
 * its hold passes while it is pending. An ambassador sees only their own lines (else 404 commission_not_found).
 */
export async function explainCommission(
  ctx: ServiceContext,
  orderItemId: string,
  reader: Reader,
): Promise<CommissionExplanation> {
  const entries = isUuid(orderItemId)
    ? await ctx.db
        .select()
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.orderItemId, orderItemId),
            reader === 'admin' ? undefined : eq(ledgerEntries.ambassadorId, reader.ambassadorId),
          ),
        )
        .orderBy(asc(ledgerEntries.occurredAt), asc(ledgerEntries.createdAt))
    : []
  const accrual = entries.find((entry) => entry.kind === 'accrual')
  if (!accrual?.orderId) throw notFound('No commission for this order line', 'commission_not_found')
  const approval = entries.find((entry) => entry.kind === 'approval')
  let maturesAt: string | null = null
  if (!approval) {
    const [delivery] = await ctx.db
      .select({ at: ledgerDeliveries.deliveredAt })
      .from(ledgerDeliveries)
      .where(eq(ledgerDeliveries.orderId, accrual.orderId))
    const from = Date.parse(iso(delivery?.at ?? accrual.occurredAt))
    maturesAt = new Date(from + ctx.config.commissionHoldDays * DAY_MS).toISOString()
  }
  // A commission the store restored (it was withheld as the ambassador's own) is explained by its restoration.
  const restoration = entries.find((entry) => entry.kind === 'adjustment')
  const basis = restoration ?? accrual
  const detail = basis.ruleDetail ?? {}
  const rule = {
    kind: basis.rule,
    id: typeof detail.rule_id === 'string' ? detail.rule_id : null,
    label: typeof detail.label === 'string' ? detail.label : defaultLabel(basis.rule),
  }
  const currency = accrual.currency
  const money = (minor: number) => formatMoney(minor, currency)
  return {
    order_item_id: orderItemId,
    order_id: accrual.orderId,
    ambassador_id: accrual.ambassadorId,
    currency,
    rate: basis.rateBasisPoints === null ? null : basis.rateBasisPoints / 100,
    rule,
    detail,
    why:
      whySentence(basis.rateBasisPoints, rule, detail, money, reader === 'admin' ? 'their' : 'your') +
      (restoration ? ` (restored by the store: ${restoration.reason ?? 'no reason given'})` : ''),
    earned: toMajor(accrual.pendingMinor + (restoration ? restoration.pendingMinor + restoration.approvedMinor : 0)),
    net: toMajor(entries.reduce((sum, entry) => sum + entry.pendingMinor + entry.approvedMinor, 0)),
    status: approval ? 'approved' : 'pending',
    matures_at: maturesAt,
    timeline: entries.map((entry) => ({
      kind: entry.kind,
      at: iso(entry.occurredAt),
      amount: toMajor(entry.kind === 'approval' ? entry.approvedMinor : entry.pendingMinor + entry.approvedMinor),
      text: timelineText(entry, money),
    })),
  }
}

/** "15% — your monthly tier: $1,240.00 of sales this month, over $1,000.00". */
export function whySentence(
  rateBasisPoints: number | null,
  rule: { kind: string; label: string },
  detail: Record<string, unknown>,
  money: (minor: number) => string,
  whose: 'your' | 'their',
): string {
  if (rateBasisPoints === null) return 'The rate of this order was not recorded (it predates frozen rates)'
  if (rule.kind === 'withheld')
    return `No commission — ${OWN_ORDER[String(detail.reason)] ?? 'the order was found to be its ambassador’s own'}`
  const givenUp = numberOf(detail.given_up_basis_points)
  if (givenUp !== undefined && givenUp > 0) {
    const base = numberOf(detail.rate_before_basis_points) ?? rateBasisPoints + givenUp
    return `${whySentence(base, rule, { ...detail, given_up_basis_points: 0 }, money, whose)}, less ${percent(givenUp)} given up for ${whose} discount code’s discount: ${percent(rateBasisPoints)}`
  }
  const rate = percent(rateBasisPoints)
  switch (rule.kind) {
    case 'product':
      return `${rate} — the rate set for this product (“${rule.label}”)`
    case 'category':
      return `${rate} — the rate set for the product’s category “${rule.label}” (the highest when several apply)`
    case 'tier': {
      const sales = numberOf(detail.month_sales_minor)
      const threshold = numberOf(detail.threshold_minor)
      if (sales === undefined || threshold === undefined) return `${rate} — ${whose} monthly tier “${rule.label}”`
      return `${rate} — ${whose} monthly tier: ${money(sales)} of sales this month, over ${money(threshold)}`
    }
    default:
      return `${rate} — the store’s default rate`
  }
}

/** Why an order was found to be its ambassador's own (checkout's `commission_withheld`). */
const OWN_ORDER: Record<string, string> = {
  own_email: 'the buyer’s email is the ambassador’s own',
  own_account: 'the ambassador was signed in as the buyer',
  own_address: 'it ships to an address the ambassador used for their own orders',
  own_card: 'it was paid with a card the ambassador paid their own orders with',
}

/** 1550 → "15.5%", 1000 → "10%". */
export function percent(basisPoints: number): string {
  return `${Number((basisPoints / 100).toFixed(2))}%`
}

function timelineText(entry: typeof ledgerEntries.$inferSelect, money: (minor: number) => string): string {
  const amount = money(Math.abs(entry.pendingMinor + entry.approvedMinor))
  switch (entry.kind) {
    case 'accrual':
      return `Earned ${money(entry.pendingMinor)} when the order was paid (pending while refundable)`
    case 'approval':
      return `Approved on ${iso(entry.occurredAt).slice(0, 10)}: ${money(entry.approvedMinor)} became available`
    case 'reversal':
      return `Reversed ${amount}: the customer was refunded`
    case 'adjustment':
      return `Restored ${amount} by the store: ${entry.reason ?? 'no reason given'}`
    default:
      return `${entry.kind} ${amount}`
  }
}

/** PostgreSQL's timestamp text ("2026-03-01 12:00:00+00") as ISO 8601. */
function iso(at: string): string {
  return new Date(at).toISOString()
}

function defaultLabel(kind: string): string {
  if (kind === 'withheld') return 'Your own order'
  return kind === 'default' ? 'The store’s default rate' : kind
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : undefined
}
