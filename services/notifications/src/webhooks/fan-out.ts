import type { EventEnvelope } from '@ambassador/contracts/events'
import type { ServiceContext } from '@ambassador/kit/service'
import { enqueueDeliveries } from '../deliveries/engine.ts'
import { WEBHOOK_CHANNEL, webhookBody } from './channel.ts'
import { endpointsSubscribedTo } from './endpoints.ts'

/** Queues one delivery of an event to every endpoint that is on and subscribes to its type (the consumer's transaction). */
export async function enqueueWebhookDeliveries(ctx: ServiceContext, event: EventEnvelope) {
  const endpointIds = await endpointsSubscribedTo(ctx, event.type)
  await enqueueDeliveries(ctx, WEBHOOK_CHANNEL, endpointIds, {
    id: event.id,
    type: event.type,
    body: webhookBody(event),
  })
}
