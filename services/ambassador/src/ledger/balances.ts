import type { LedgerBalances, LedgerEntry, LedgerEntryPage } from '@ambassador/contracts/http'
import { toMajor } from '@ambassador/kit/money/money'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, count, desc, eq, ne, or, sql } from 'drizzle-orm'
import { ledgerEntries } from '../schema.ts'

const PER_PAGE = 20

/** An ambassador's balances in the shop's currency: each the sum of its moves over all their entries. */
export async function balancesOf(ctx: ServiceContext, ambassadorId: string): Promise<LedgerBalances> {
  const currency = ctx.config.currency
  const [sums] = await ctx.db
    .select({
      pending: sql<number>`coalesce(sum(${ledgerEntries.pendingMinor}), 0)`.mapWith(Number),
      approved: sql<number>`coalesce(sum(${ledgerEntries.approvedMinor}), 0)`.mapWith(Number),
      paid: sql<number>`coalesce(sum(${ledgerEntries.paidMinor}), 0)`.mapWith(Number),
      processing: sql<number>`coalesce(sum(${ledgerEntries.processingMinor}), 0)`.mapWith(Number),
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.ambassadorId, ambassadorId), eq(ledgerEntries.currency, currency)))
  const { pending = 0, approved = 0, paid = 0, processing = 0 } = sums ?? {}
  return {
    currency,
    pending: toMajor(pending),
    approved: toMajor(approved),
    paid: toMajor(paid),
    processing: toMajor(processing),
    available: toMajor(Math.max(0, approved)),
    payout_minimum: toMajor(ctx.config.payoutMinimumMinor),
  }
}

/** Entries that move money (an approval of a line refunded in full moves none and is left out). */
const movesMoney = or(
  ne(ledgerEntries.pendingMinor, 0),
  ne(ledgerEntries.approvedMinor, 0),
  ne(ledgerEntries.paidMinor, 0),
  ne(ledgerEntries.processingMinor, 0),
)

/** One page of an ambassador's ledger entries, newest first. */
export async function entriesOf(
  ctx: ServiceContext,
  ambassadorId: string,
  query: { page?: number | undefined; per_page?: number | undefined },
): Promise<LedgerEntryPage> {
  const page = query.page ?? 1
  const perPage = query.per_page ?? PER_PAGE
  const scope = and(eq(ledgerEntries.ambassadorId, ambassadorId), movesMoney)
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(ledgerEntries)
      .where(scope)
      .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    ctx.db.select({ n: count() }).from(ledgerEntries).where(scope),
  ])
  const n = total?.n ?? 0
  return {
    data: rows.map(entryView),
    total: n,
    page,
    last_page: Math.max(1, Math.ceil(n / perPage)),
  }
}

/** An entry as the API shows it. */
export function entryView(e: typeof ledgerEntries.$inferSelect): LedgerEntry {
  return {
    id: e.id,
    kind: e.kind,
    currency: e.currency,
    pending: toMajor(e.pendingMinor),
    approved: toMajor(e.approvedMinor),
    processing: toMajor(e.processingMinor),
    paid: toMajor(e.paidMinor),
    order_id: e.orderId,
    order_item_id: e.orderItemId,
    rate_basis_points: e.rateBasisPoints,
    reason: e.reason,
    payout_id: e.payoutId,
    rule: e.rule,
    occurred_at: new Date(e.occurredAt).toISOString(),
  }
}
