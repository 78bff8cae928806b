import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, arrayContains, asc, eq } from 'drizzle-orm'
import { cancelTargetDeliveries, forgetTarget, requeueDelivery, resetTargetHealth } from '../deliveries/engine.ts'
import { deliveryView, listTargetDeliveries } from '../deliveries/view.ts'
import { isSubscribable, SUBSCRIBABLE_EVENT_TYPES } from '../event-types.ts'
import { deliveries, webhookEndpoints } from '../schema.ts'
import { WEBHOOK_CHANNEL } from './channel.ts'
import { checkEndpointUrl } from './endpoint-url.ts'
import { newEndpointSecret } from './signature.ts'

type EndpointRow = typeof webhookEndpoints.$inferSelect

export type EndpointInput = {
  url: string
  description?: string | undefined
  event_types: string[]
  enabled?: boolean | undefined
}
export type EndpointChanges = Partial<EndpointInput>

/** An endpoint as admins see it: never its secret (shown once, when created or rotated). */
export function endpointView(row: EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.eventTypes,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    created_at: new Date(row.createdAt).toISOString(),
    updated_at: new Date(row.updatedAt).toISOString(),
  }
}

/** Registers an endpoint with a new secret, which the answer shows this once. */
export async function createEndpoint(ctx: ServiceContext, input: EndpointInput) {
  const now = ctx.clock.now().toISOString()
  const [row] = await ctx.db
    .insert(webhookEndpoints)
    .values({
      id: newId(),
      url: checkEndpointUrl(input.url, ctx.config.publicUrl),
      description: input.description?.trim() ?? '',
      secret: newEndpointSecret(),
      eventTypes: checkEventTypes(input.event_types),
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
  if (!row) throw new Error('the endpoint was not inserted')
  return { ...endpointView(row), secret: row.secret }
}

export async function listEndpoints(ctx: ServiceContext) {
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id))
  return rows.map(endpointView)
}

export async function getEndpoint(ctx: ServiceContext, id: string) {
  return endpointView(await findEndpoint(ctx, id))
}

/**
 * Changes an endpoint. Turning it on (again) forgets its failing streak, so it gets a full day before it could be
 * turned off again; turning it off cancels what waits for it.
 */
export async function updateEndpoint(ctx: ServiceContext, id: string, changes: EndpointChanges) {
  await findEndpoint(ctx, id)
  const target = { channel: WEBHOOK_CHANNEL, targetId: id }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...(changes.url !== undefined ? { url: checkEndpointUrl(changes.url, ctx.config.publicUrl) } : {}),
        ...(changes.description !== undefined ? { description: changes.description.trim() } : {}),
        ...(changes.event_types !== undefined ? { eventTypes: checkEventTypes(changes.event_types) } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled, disabledReason: null } : {}),
        updatedAt: ctx.clock.now().toISOString(),
      })
      .where(eq(webhookEndpoints.id, id))
      .returning()
    if (!row) throw notFound('No such webhook endpoint', 'webhook_endpoint_not_found')
    if (changes.enabled === true || changes.url !== undefined) await resetTargetHealth(tx, target)
    if (changes.enabled === false) await cancelTargetDeliveries(tx, target, 'The endpoint was turned off')
    return endpointView(row)
  })
}

/** Gives an endpoint a new secret (the old one stops signing at once); the answer shows it this once. */
export async function rotateEndpointSecret(ctx: ServiceContext, id: string) {
  await findEndpoint(ctx, id)
  const [row] = await ctx.db
    .update(webhookEndpoints)
    .set({ secret: newEndpointSecret(), updatedAt: ctx.clock.now().toISOString() })
    .where(eq(webhookEndpoints.id, id))
    .returning()
  if (!row) throw notFound('No such webhook endpoint', 'webhook_endpoint_not_found')
  return { ...endpointView(row), secret: row.secret }
}

/** Deletes an endpoint with its delivery log. */
export async function deleteEndpoint(ctx: ServiceContext, id: string) {
  await findEndpoint(ctx, id)
  await ctx.db.transaction(async (tx) => {
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id))
    await forgetTarget(tx, { channel: WEBHOOK_CHANNEL, targetId: id })
  })
}

/** The ids of the endpoints that are on and subscribe to an event type. */
export async function endpointsSubscribedTo(ctx: ServiceContext, type: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.enabled, true), arrayContains(webhookEndpoints.eventTypes, [type])))
  return rows.map((r) => r.id)
}

/** The newest deliveries to an endpoint, newest first, with the last attempt's request and answer. */
export async function listEndpointDeliveries(ctx: ServiceContext, id: string, limit: number) {
  await findEndpoint(ctx, id)
  return listTargetDeliveries(ctx.db, { channel: WEBHOOK_CHANNEL, targetId: id }, limit)
}

/** Sends a delivery again now (same body, same event id), with a fresh day of retries. */
export async function resendDelivery(ctx: ServiceContext, deliveryId: string) {
  if (!isUuid(deliveryId)) throw notFound('No such delivery', 'delivery_not_found')
  const [delivery] = await ctx.db.select().from(deliveries).where(eq(deliveries.id, deliveryId))
  if (!delivery || delivery.channel !== WEBHOOK_CHANNEL) throw notFound('No such delivery', 'delivery_not_found')
  const [endpoint] = await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.targetId))
  if (!endpoint?.enabled)
    throw conflict('The endpoint is turned off: turn it on to resend', 'webhook_endpoint_disabled')
  await requeueDelivery(ctx, deliveryId)
  const [row] = await ctx.db.select().from(deliveries).where(eq(deliveries.id, deliveryId))
  if (!row) throw notFound('No such delivery', 'delivery_not_found')
  return deliveryView(row)
}

async function findEndpoint(ctx: ServiceContext, id: string): Promise<EndpointRow> {
  const [row] = isUuid(id) ? await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)) : []
  if (!row) throw notFound('No such webhook endpoint', 'webhook_endpoint_not_found')
  return row
}

function checkEventTypes(types: string[]): string[] {
  const unique = [...new Set(types.map((t) => t.trim()))]
  if (unique.length === 0) throw badRequest('Choose at least one event type', 'invalid_event_types')
  const unknown = unique.filter((t) => !isSubscribable(t))
  if (unknown.length > 0) {
    throw badRequest(
      `Not an event type an endpoint can subscribe to: ${unknown.join(', ')} (one of ${SUBSCRIBABLE_EVENT_TYPES.join(', ')})`,
      'invalid_event_types',
    )
  }
  return unique.sort()
}
