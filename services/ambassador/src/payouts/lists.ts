import type { PayoutBatchPage, PayoutPage, PayoutQuery } from '@ambassador/contracts/http'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm'
import { payoutBatches, payouts, users } from '../schema.ts'
import { batchView, type NamedPayout, named, payoutView } from './views.ts'

const PER_PAGE = 20

/**
 * Payouts, one page: an ambassador's own newest first, or everyone's for the admin's queue — the oldest request first
 * when listing those still requested (first asked, first paid), newest first otherwise.
 */
export async function listPayouts(ctx: ServiceContext, query: PayoutQuery, ambassadorId?: string): Promise<PayoutPage> {
  const page = query.page ?? 1
  const perPage = query.per_page ?? PER_PAGE
  const filters: SQL[] = []
  if (ambassadorId !== undefined) filters.push(eq(payouts.ambassadorId, ambassadorId))
  if (query.status !== undefined) filters.push(eq(payouts.status, query.status))
  const where = filters.length > 0 ? and(...filters) : undefined
  const oldestFirst = ambassadorId === undefined && query.status === 'requested'
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ payout: payouts, first: users.firstName, last: users.lastName })
      .from(payouts)
      .leftJoin(users, eq(users.id, payouts.ambassadorId))
      .where(where)
      .orderBy(
        oldestFirst ? asc(payouts.requestedAt) : desc(payouts.requestedAt),
        oldestFirst ? asc(payouts.id) : desc(payouts.id),
      )
      .limit(perPage)
      .offset((page - 1) * perPage),
    ctx.db.select({ n: count() }).from(payouts).where(where),
  ])
  const n = total?.n ?? 0
  return {
    data: rows.map(named).map((line) => payoutView(line.payout, line.name)),
    total: n,
    page,
    last_page: Math.max(1, Math.ceil(n / perPage)),
  }
}

/** Batches, newest first, each with its payouts. */
export async function listBatches(
  ctx: ServiceContext,
  query: { page?: number | undefined; per_page?: number | undefined },
): Promise<PayoutBatchPage> {
  const page = query.page ?? 1
  const perPage = query.per_page ?? PER_PAGE
  const [batches, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(payoutBatches)
      .orderBy(desc(payoutBatches.createdAt), desc(payoutBatches.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    ctx.db.select({ n: count() }).from(payoutBatches),
  ])
  const lines =
    batches.length === 0
      ? []
      : await ctx.db
          .select({ payout: payouts, first: users.firstName, last: users.lastName })
          .from(payouts)
          .leftJoin(users, eq(users.id, payouts.ambassadorId))
          .where(
            inArray(
              payouts.batchId,
              batches.map((b) => b.id),
            ),
          )
          .orderBy(asc(payouts.requestedAt), asc(payouts.id))
  const byBatch = new Map<string, NamedPayout[]>()
  for (const line of lines) {
    const list = byBatch.get(line.payout.batchId as string) ?? []
    list.push(named(line))
    byBatch.set(line.payout.batchId as string, list)
  }
  const n = total?.n ?? 0
  return {
    data: batches.map((batch) => batchView(batch, byBatch.get(batch.id) ?? [])),
    total: n,
    page,
    last_page: Math.max(1, Math.ceil(n / perPage)),
  }
}
