import type { Database } from '@ambassador/kit/db/database'
import type { ServiceContext } from '@ambassador/kit/service'

/** A delivery as the engine hands it to its channel for one attempt. */
export type ClaimedDelivery = {
  id: string
  channel: string
  targetId: string
  eventId: string
  eventType: string
  body: string
  /** This attempt's number (1 for the first). */
  attempts: number
  giveUpAt: string
  createdAt: string
}

/** What one attempt gave: the request as sent, and the target's answer (or why there was none). */
export type AttemptOutcome = {
  delivered: boolean
  requestHeaders: Record<string, string>
  statusCode: number | null
  /** The start of the answer's body, bounded (RESPONSE_EXCERPT_LIMIT). */
  responseExcerpt: string | null
  /** Why it failed when there was no usable answer (timeout, refused connection, redirect). */
  error: string | null
  /** How long the target asked us to wait (429/503 Retry-After), in ms. */
  retryAfterMs?: number | undefined
  /**
   * The target refused this delivery for good: sent again as it is, it can never succeed (an SMS to a number that does
   * not exist). The delivery fails at once instead of being retried. Absent or false: a failure worth retrying.
   */
  permanent?: boolean | undefined
  durationMs: number
}

/** How many characters of a target's answer the log keeps. */
export const RESPONSE_EXCERPT_LIMIT = 2_000

/**
 * A way of sending (webhooks today; chat and SMS later): the engine queues, claims, retries, rate-limits and logs,
 * the channel only knows its targets and how to make one attempt.
 */
export type Channel = {
  kind: string
  /**
   * Makes one attempt; no transaction is open. Undefined when the target no longer takes deliveries (deleted or
   * turned off): the delivery is cancelled.
   */
  attempt(ctx: ServiceContext, delivery: ClaimedDelivery): Promise<AttemptOutcome | undefined>
  /** Turns a target off because every attempt failed for a day, inside the engine's transaction (announcing it). */
  disableTarget(
    ctx: ServiceContext,
    tx: Database,
    targetId: string,
    failure: { failingSince: string; lastStatusCode: number | null; lastError: string | null },
  ): Promise<void>
}
