import { type Database, inTransaction } from '@ambassador/kit/db/database'
import { newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext, Worker } from '@ambassador/kit/service'
import { and, eq, gt, inArray, lte, notExists, sql } from 'drizzle-orm'
import { deliveries, deliveryAttempts, deliveryTargets } from '../schema.ts'
import { RETRY_WINDOW_MS, retryDelayMs } from './backoff.ts'
import type { AttemptOutcome, Channel, ClaimedDelivery } from './channel.ts'

/** How many deliveries one pass claims, and at most how many of them for one target (a per-target rate limit). */
export const DELIVERY_BATCH = 50
export const PER_TARGET_BATCH = 10

/** How long a claimed delivery is reserved for the worker attempting it; after that (a crash) it is due again. */
export const CLAIM_LEASE_MS = 5 * 60_000

/** The channels the engine sends through, by kind. */
export type Channels = Record<string, Channel>

/**
 * Queues one delivery of an event to each target, in the caller's transaction (the consumer's). A target that already
 * has the event keeps its delivery as it is: (channel, target, event) is unique.
 */
export async function enqueueDeliveries(
  ctx: ServiceContext,
  channel: string,
  targetIds: string[],
  event: { id: string; type: string; body: string },
) {
  if (targetIds.length === 0) return
  const now = ctx.clock.now()
  await ctx.db
    .insert(deliveries)
    .values(
      targetIds.map((targetId) => ({
        id: newId(),
        channel,
        targetId,
        eventId: event.id,
        eventType: event.type,
        body: event.body,
        status: 'pending' as const,
        nextAttemptAt: now.toISOString(),
        giveUpAt: new Date(now.getTime() + RETRY_WINDOW_MS).toISOString(),
        createdAt: now.toISOString(),
      })),
    )
    .onConflictDoNothing({ target: [deliveries.channel, deliveries.targetId, deliveries.eventId] })
}

/**
 * Attempts the deliveries that are due: claims a batch in a short transaction, then sends with no transaction open —
 * targets side by side, one target's deliveries one after another — recording each outcome as soon as it is known.
 * Returns how many deliveries changed state, so `drain()` settles even while a target keeps failing.
 */
export async function attemptDueDeliveries(ctx: ServiceContext, channels: Channels): Promise<number> {
  const claimed = await claimDueDeliveries(ctx)
  const byTarget = new Map<string, ClaimedDelivery[]>()
  for (const delivery of claimed) {
    const key = `${delivery.channel}:${delivery.targetId}`
    byTarget.set(key, [...(byTarget.get(key) ?? []), delivery])
  }
  await Promise.all(
    [...byTarget.values()].map(async (queue) => {
      for (const [index, delivery] of queue.entries()) {
        const outcome = await attemptOne(ctx, channels, delivery)
        if (outcome === 'failed') {
          // The target is failing: what is left for it waits for the next pass rather than failing in a row now.
          await releaseClaims(ctx, queue.slice(index + 1))
          return
        }
      }
    }),
  )
  return claimed.length
}

async function attemptOne(ctx: ServiceContext, channels: Channels, delivery: ClaimedDelivery) {
  const channel = channels[delivery.channel]
  if (!channel) {
    ctx.log.warn({ deliveryId: delivery.id, channel: delivery.channel }, 'delivery for an unknown channel')
    await releaseClaims(ctx, [delivery])
    return 'released'
  }
  let outcome: AttemptOutcome | undefined
  try {
    outcome = await channel.attempt(ctx, delivery)
  } catch (error) {
    outcome = {
      delivered: false,
      requestHeaders: {},
      statusCode: null,
      responseExcerpt: null,
      error: error instanceof Error ? error.message : String(error),
      durationMs: 0,
    }
  }
  if (!outcome) {
    await ctx.db
      .update(deliveries)
      .set({ status: 'cancelled', lastError: 'The target no longer takes deliveries' })
      .where(stillClaimed(delivery))
    return 'cancelled'
  }
  await recordOutcome(ctx, channel, delivery, outcome)
  return outcome.delivered ? 'delivered' : 'failed'
}

/**
 * Reserves up to a batch of due deliveries, at most PER_TARGET_BATCH per target and none of a target that asked us
 * to wait. SKIP LOCKED keeps concurrent workers on disjoint rows; moving `next_attempt_at` out by the lease keeps
 * them off once this transaction commits. The attempt is counted here, so a worker that dies mid-send uses one up.
 */
async function claimDueDeliveries(ctx: ServiceContext): Promise<ClaimedDelivery[]> {
  const now = ctx.clock.now()
  const nowIso = now.toISOString()
  return inTransaction(ctx.db, async (tx) => {
    const ranked = tx.$with('ranked').as(
      tx
        .select({
          id: deliveries.id,
          rank: sql<number>`row_number() over (partition by ${deliveries.channel}, ${deliveries.targetId} order by ${deliveries.nextAttemptAt}, ${deliveries.id})`.as(
            'rank',
          ),
        })
        .from(deliveries)
        .where(
          and(
            eq(deliveries.status, 'pending'),
            lte(deliveries.nextAttemptAt, nowIso),
            notExists(
              tx
                .select({ one: sql`1` })
                .from(deliveryTargets)
                .where(
                  and(
                    eq(deliveryTargets.channel, deliveries.channel),
                    eq(deliveryTargets.targetId, deliveries.targetId),
                    gt(deliveryTargets.pausedUntil, nowIso),
                  ),
                ),
            ),
          ),
        ),
    )
    const candidates = await tx
      .with(ranked)
      .select({ id: ranked.id })
      .from(ranked)
      .where(lte(ranked.rank, PER_TARGET_BATCH))
      .limit(DELIVERY_BATCH)
    if (candidates.length === 0) return []
    const locked = await tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(
        and(
          inArray(
            deliveries.id,
            candidates.map((c) => c.id),
          ),
          eq(deliveries.status, 'pending'),
          lte(deliveries.nextAttemptAt, nowIso),
        ),
      )
      .for('update', { skipLocked: true })
    if (locked.length === 0) return []
    const rows = await tx
      .update(deliveries)
      .set({
        attempts: sql`${deliveries.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(),
      })
      .where(
        inArray(
          deliveries.id,
          locked.map((d) => d.id),
        ),
      )
      .returning({
        id: deliveries.id,
        channel: deliveries.channel,
        targetId: deliveries.targetId,
        eventId: deliveries.eventId,
        eventType: deliveries.eventType,
        body: deliveries.body,
        attempts: deliveries.attempts,
        giveUpAt: deliveries.giveUpAt,
        createdAt: deliveries.createdAt,
      })
    return rows.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
  })
}

/** Only the claim that made the attempt may record its outcome (matched on its attempt number). */
function stillClaimed(delivery: ClaimedDelivery) {
  return and(
    eq(deliveries.id, delivery.id),
    eq(deliveries.status, 'pending'),
    eq(deliveries.attempts, delivery.attempts),
  )
}

/** Gives back claims this pass did not use: the attempts were never made, so they are not counted. */
async function releaseClaims(ctx: ServiceContext, claims: ClaimedDelivery[]) {
  const retryAt = new Date(ctx.clock.now().getTime() + retryDelayMs(1)).toISOString()
  for (const delivery of claims) {
    await ctx.db
      .update(deliveries)
      .set({ attempts: sql`${deliveries.attempts} - 1`, nextAttemptAt: retryAt })
      .where(stillClaimed(delivery))
  }
}

/**
 * Logs the attempt and moves the delivery on, in one transaction: delivered; or due again after the backoff (never
 * later than its give-up time, never sooner than the target's Retry-After); or failed for good once an attempt at or
 * after the give-up time fails, or at once when the target refused it for good (`permanent`: no backoff, no retry).
 * The target's health follows: a success clears its failing streak; a failure (a permanent one too) starts one, and a
 * target whose every attempt has failed for RETRY_WINDOW_MS is turned off by its channel (its waiting deliveries are
 * cancelled).
 */
async function recordOutcome(
  ctx: ServiceContext,
  channel: Channel,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
) {
  const now = ctx.clock.now()
  const nowIso = now.toISOString()
  await inTransaction(ctx.db, async (tx) => {
    const last = {
      lastAttemptAt: nowIso,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      lastResponseExcerpt: outcome.responseExcerpt,
      lastRequestHeaders: outcome.requestHeaders,
    }
    const giveUpAt = new Date(delivery.giveUpAt).getTime()
    const givenUp = !outcome.delivered && (outcome.permanent === true || now.getTime() >= giveUpAt)
    // A target that said how long to wait (a 429's Retry-After, Discord's retry_after) is tried again right then:
    // it is busy, not broken. Otherwise the exponential backoff.
    const retryAt =
      outcome.retryAfterMs !== undefined
        ? now.getTime() + outcome.retryAfterMs
        : Math.min(now.getTime() + retryDelayMs(delivery.attempts), giveUpAt)
    const updated = await tx
      .update(deliveries)
      .set(
        outcome.delivered
          ? { ...last, status: 'delivered', deliveredAt: nowIso }
          : givenUp
            ? { ...last, status: 'failed' }
            : { ...last, nextAttemptAt: new Date(retryAt).toISOString() },
      )
      .where(stillClaimed(delivery))
      .returning({ id: deliveries.id })
    if (updated.length === 0) return // another worker took it over after the lease ran out
    await tx.insert(deliveryAttempts).values({
      id: newId(),
      deliveryId: delivery.id,
      number: delivery.attempts,
      startedAt: new Date(now.getTime() - outcome.durationMs).toISOString(),
      requestHeaders: outcome.requestHeaders,
      statusCode: outcome.statusCode,
      responseExcerpt: outcome.responseExcerpt,
      error: outcome.error,
      durationMs: outcome.durationMs,
    })
    const pausedUntil = outcome.retryAfterMs ? new Date(now.getTime() + outcome.retryAfterMs).toISOString() : null
    const target = { channel: delivery.channel, targetId: delivery.targetId }
    if (outcome.delivered) {
      await tx
        .insert(deliveryTargets)
        .values({ ...target, failingSince: null, pausedUntil: null, lastSuccessAt: nowIso })
        .onConflictDoUpdate({
          target: [deliveryTargets.channel, deliveryTargets.targetId],
          set: { failingSince: null, pausedUntil: null, lastSuccessAt: nowIso },
        })
      return
    }
    const [health] = await tx
      .insert(deliveryTargets)
      .values({ ...target, failingSince: nowIso, pausedUntil })
      .onConflictDoUpdate({
        target: [deliveryTargets.channel, deliveryTargets.targetId],
        set: {
          failingSince: sql`coalesce(${deliveryTargets.failingSince}, ${nowIso}::timestamptz)`,
          pausedUntil,
        },
      })
      .returning({ failingSince: deliveryTargets.failingSince })
    const failingSince = health?.failingSince ?? nowIso
    if (now.getTime() - new Date(failingSince).getTime() < RETRY_WINDOW_MS) return
    await channel.disableTarget(ctx, tx, delivery.targetId, {
      failingSince: new Date(failingSince).toISOString(),
      lastStatusCode: outcome.statusCode,
      // With an answer, its body says more than its status line; without one, the error says why.
      lastError: outcome.statusCode !== null ? outcome.responseExcerpt : outcome.error,
    })
    await cancelTargetDeliveries(tx, target, 'The target was turned off after failing for a day')
  })
}

/** Cancels what still waits for a target (it was turned off or deleted). */
export async function cancelTargetDeliveries(
  db: Database,
  target: { channel: string; targetId: string },
  reason: string,
) {
  await db
    .update(deliveries)
    .set({ status: 'cancelled', lastError: reason })
    .where(
      and(
        eq(deliveries.channel, target.channel),
        eq(deliveries.targetId, target.targetId),
        eq(deliveries.status, 'pending'),
      ),
    )
}

/** Deletes everything the engine keeps for a target that is gone: its deliveries (and their attempts) and its health. */
export async function forgetTarget(db: Database, target: { channel: string; targetId: string }) {
  await db
    .delete(deliveries)
    .where(and(eq(deliveries.channel, target.channel), eq(deliveries.targetId, target.targetId)))
  await db
    .delete(deliveryTargets)
    .where(and(eq(deliveryTargets.channel, target.channel), eq(deliveryTargets.targetId, target.targetId)))
}

/** Forgets a target's failing streak and pause (an admin turned it back on, or its address changed). */
export async function resetTargetHealth(db: Database, target: { channel: string; targetId: string }) {
  await db
    .update(deliveryTargets)
    .set({ failingSince: null, pausedUntil: null })
    .where(and(eq(deliveryTargets.channel, target.channel), eq(deliveryTargets.targetId, target.targetId)))
}

/**
 * Puts a delivery back in the queue for an attempt now, with a fresh retry window; the body and event id stay the
 * same. Returns false when the delivery is unknown.
 */
export async function requeueDelivery(ctx: ServiceContext, deliveryId: string): Promise<boolean> {
  const now = ctx.clock.now()
  const rows = await ctx.db
    .update(deliveries)
    .set({
      status: 'pending',
      nextAttemptAt: now.toISOString(),
      giveUpAt: new Date(now.getTime() + RETRY_WINDOW_MS).toISOString(),
      deliveredAt: null,
    })
    .where(eq(deliveries.id, deliveryId))
    .returning({ id: deliveries.id })
  return rows.length > 0
}

/** Passes one after another while each finds a full batch, so a burst is sent without waiting for the timer. */
async function attemptBacklog(ctx: ServiceContext, channels: Channels): Promise<number> {
  let total = 0
  for (let passes = 0; passes < 20; passes++) {
    const changed = await attemptDueDeliveries(ctx, channels)
    total += changed
    if (changed < DELIVERY_BATCH) break
  }
  return total
}

/**
 * The delivery worker. Passes in one process run one at a time, so `drain()` waits for a pass the interval timer
 * started instead of finding its deliveries claimed and stopping early; across processes the claim keeps them apart.
 */
export function createDeliveryWorker<Ctx extends ServiceContext>(channels: Channels): Worker<Ctx> {
  const tails = new WeakMap<Ctx, Promise<unknown>>()
  return {
    name: 'attempt-deliveries',
    intervalMs: 1_000,
    run(ctx) {
      const pass = (tails.get(ctx) ?? Promise.resolve()).then(() => attemptBacklog(ctx, channels))
      tails.set(
        ctx,
        pass.catch(() => undefined),
      )
      return pass
    },
  }
}
