import type { ServiceContext, Worker } from '@ambassador/kit/service'
import { inArray, lt } from 'drizzle-orm'
import { events } from './schema.ts'

const DAY_MS = 86_400_000
/** Rows one statement deletes at most: each batch is its own short transaction, never a long lock. */
const PRUNE_BATCH = 5_000
/** Batches one run deletes at most (a million rows), so a first run over a long backlog still ends; the next goes on. */
const MAX_BATCHES = 200
/**
 * Events stay this long past the window before they are deleted. The consumer ignores what is older than the window
 * (`isOutsideRetention`); the grace keeps a row it is about to find as a duplicate from being deleted under it (a
 * transaction that read the clock just before a run, or a replica whose clock lags a little).
 */
const PRUNE_GRACE_MS = 3_600_000

/** The first moment whose events analytics keeps: ANALYTICS_EVENTS_RETENTION_DAYS before now. */
export function keptSince(ctx: ServiceContext): Date {
  return new Date(ctx.clock.now().getTime() - ctx.config.analyticsEventsRetentionDays * DAY_MS)
}

/**
 * Whether an event occurred before the window. Such an event may have been recorded and pruned since, so its id no
 * longer tells whether its rollups already count it: it must be left out.
 */
export function isOutsideRetention(ctx: ServiceContext, occurredAt: string): boolean {
  return Date.parse(occurredAt) < keptSince(ctx).getTime()
}

/**
 * Deletes the raw events that occurred before the window (and its grace), batch by batch, each batch one statement;
 * rollups are separate tables and stay as they are. Concurrent runs (replicas) skip each other's rows. Returns how
 * many went.
 */
export async function pruneOldEvents(
  ctx: ServiceContext,
  { batch = PRUNE_BATCH, maxBatches = MAX_BATCHES }: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  const cutoff = new Date(keptSince(ctx).getTime() - PRUNE_GRACE_MS).toISOString()
  let pruned = 0
  for (let run = 0; run < maxBatches; run++) {
    const old = ctx.db
      .select({ id: events.id })
      .from(events)
      .where(lt(events.occurredAt, cutoff))
      .limit(batch)
      .for('update', { skipLocked: true })
    const deleted = await ctx.db.delete(events).where(inArray(events.id, old)).returning({ id: events.id })
    pruned += deleted.length
    if (deleted.length < batch) break
  }
  return pruned
}

/** Prunes analytics.events every hour (and in `drain()`): the daily rollups keep what the dashboards need. */
export const pruneEventsWorker: Worker<ServiceContext> = {
  name: 'prune-events',
  intervalMs: 3_600_000,
  run: (ctx) => pruneOldEvents(ctx),
}
