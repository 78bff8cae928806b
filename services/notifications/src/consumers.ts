import type { EventEnvelope } from '@ambassador/contracts/events'
import type { Consumers, ServiceContext } from '@ambassador/kit/service'
import { recordAccount } from './accounts.ts'
import { enqueueChatMessages } from './chat/rooms.ts'
import { SUBSCRIBABLE_EVENT_TYPES } from './event-types.ts'
import { enqueueWebhookDeliveries } from './webhooks/fan-out.ts'

/**
 * Every event an endpoint may subscribe to fans out to the endpoints that do (built from the list, so a new event
 * type is offered without touching this file); user.* also keeps the session versions that sign admins in here.
 */
function buildConsumers(): Consumers<ServiceContext> {
  const consumers: Consumers<ServiceContext> = {}
  const notify = async (ctx: ServiceContext, event: EventEnvelope) => {
    await enqueueWebhookDeliveries(ctx, event)
    await enqueueChatMessages(ctx, event)
  }
  for (const type of SUBSCRIBABLE_EVENT_TYPES) consumers[type] = notify
  consumers['user.registered'] = async (ctx, event) => {
    await recordAccount(ctx, event.data, event.occurredAt)
    await notify(ctx, event)
  }
  consumers['user.updated'] = async (ctx, event) => {
    await recordAccount(ctx, event.data, event.occurredAt)
    await notify(ctx, event)
  }
  return consumers
}

export const consumers = buildConsumers()
