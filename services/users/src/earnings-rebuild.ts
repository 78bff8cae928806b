import type { ServiceContext } from '@ambassador/kit/service'
import { sql } from 'drizzle-orm'
import { accountScope } from './accounts.ts'
import { earnings } from './schema.ts'

/** An ambassador whose running commission differs from the total it was rebuilt from (0 when there was no row). */
export type EarningsChange = { user_id: string; before_minor: number; after_minor: number }

/**
 * Replaces every ambassador's running commission (what `GET /api/ambassador/user` answers as `revenue`) with
 * `totals` — the commission ledger's net commission per ambassador, which the CLI's rebuild-projections brings from
 * the ambassador service. Compares first; unless `check`, writes in one transaction (an ambassador missing from
 * `totals` is set to 0) and forgets the cached answers of those that changed. Run it while no orders complete: an
 * order applied here but not yet in the ledger (or the other way round) would be counted by one side only.
 */
export async function replaceEarnings(
  ctx: ServiceContext,
  totals: Map<string, number>,
  { check = false }: { check?: boolean } = {},
): Promise<EarningsChange[]> {
  const changed = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE ${earnings} IN EXCLUSIVE MODE`)
    const current = new Map((await tx.select().from(earnings)).map((row) => [row.userId, row.revenueMinor] as const))
    const changes: EarningsChange[] = []
    for (const userId of new Set([...current.keys(), ...totals.keys()])) {
      const before = current.get(userId) ?? 0
      const after = totals.get(userId) ?? 0
      if (before !== after) changes.push({ user_id: userId, before_minor: before, after_minor: after })
    }
    if (check || changes.length === 0) return changes
    for (const change of changes) {
      await tx
        .insert(earnings)
        .values({ userId: change.user_id, revenueMinor: change.after_minor })
        .onConflictDoUpdate({ target: earnings.userId, set: { revenueMinor: change.after_minor } })
    }
    return changes
  })
  if (!check && changed.length > 0) await ctx.cache.invalidate(...changed.map((c) => accountScope(c.user_id)))
  return changed.sort((a, b) => a.user_id.localeCompare(b.user_id))
}
