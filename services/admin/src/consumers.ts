import type { Consumers, ServiceContext } from '@ambassador/kit/service'
import { recordLink, recordOrder, recordRefund, recordRestoration, saveUser } from './oversight.ts'

export const consumers = {
  'user.registered': (ctx, event) => saveUser(ctx, event.data, event.occurredAt),
  'user.updated': (ctx, event) => saveUser(ctx, event.data, event.occurredAt),
  'link.created': (ctx, event) => recordLink(ctx, event.data),
  'order.completed': (ctx, event) => recordOrder(ctx, event.data),
  'order.refunded': (ctx, event) => recordRefund(ctx, event.data),
  'order.commission_restored': (ctx, event) => recordRestoration(ctx, event.data),
} satisfies Consumers<ServiceContext>
