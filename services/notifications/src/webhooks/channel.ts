import type { Database } from '@ambassador/kit/db/database'
import type { ServiceContext } from '@ambassador/kit/service'
import { eq } from 'drizzle-orm'
import type { Channel } from '../deliveries/channel.ts'
import { postJson } from '../deliveries/http-post.ts'
import { webhookEndpoints } from '../schema.ts'
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts'

export const WEBHOOK_CHANNEL = 'webhook'

/** How long an endpoint has to answer one attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000

/** What the body of every webhook request is: the event as it happened, under the event's own id. */
export function webhookBody(event: { id: string; type: string; occurredAt: string; data: unknown }): string {
  return JSON.stringify({ id: event.id, type: event.type, occurred_at: event.occurredAt, data: event.data })
}

/**
 * Signed outbound webhooks: one POST of the event's JSON, signed with the endpoint's secret, answered 2xx within
 * WEBHOOK_TIMEOUT_MS. Redirects are not followed (an endpoint names its final address).
 */
export const webhookChannel: Channel = {
  kind: WEBHOOK_CHANNEL,
  async attempt(ctx, delivery) {
    const [endpoint] = await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.targetId))
    if (!endpoint?.enabled) return undefined
    const now = ctx.clock.now()
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'Ambassador-Webhooks/1',
      'Ambassador-Event-Id': delivery.eventId,
      'Ambassador-Event-Type': delivery.eventType,
      'Ambassador-Delivery-Id': delivery.id,
      [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, delivery.body, Math.floor(now.getTime() / 1_000)),
    }
    return postJson(endpoint.url, headers, delivery.body, now, WEBHOOK_TIMEOUT_MS)
  },
  async disableTarget(ctx, tx, targetId, failure) {
    await disableEndpointAfterFailures(ctx, tx, targetId, failure)
  },
}

/** Turns an endpoint off after a day of failures and announces it (webhook.endpoint_disabled), in the caller's transaction. */
async function disableEndpointAfterFailures(
  ctx: ServiceContext,
  tx: Database,
  endpointId: string,
  failure: { failingSince: string; lastStatusCode: number | null; lastError: string | null },
) {
  const now = ctx.clock.now().toISOString()
  const reason = 'Every delivery attempt failed for 24 hours'
  const [endpoint] = await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: now })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning()
  if (!endpoint) return
  ctx.log.warn({ endpointId, url: endpoint.url }, 'webhook endpoint turned off after failing for a day')
  await ctx.outbox.add(tx, {
    type: 'webhook.endpoint_disabled',
    key: endpoint.id,
    data: {
      endpoint_id: endpoint.id,
      url: endpoint.url,
      reason,
      failing_since: failure.failingSince,
      last_status_code: failure.lastStatusCode,
      last_error: failure.lastError?.slice(0, 500) ?? null,
      disabled_at: now,
    },
  })
}
