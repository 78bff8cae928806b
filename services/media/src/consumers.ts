import type { Consumers } from '@ambassador/kit/service'
import { recordAccount } from './accounts.ts'
import type { MediaContext } from './images.ts'

export const consumers = {
  'user.registered': (ctx, event) => recordAccount(ctx, event.data, event.occurredAt),
  'user.updated': (ctx, event) => recordAccount(ctx, event.data, event.occurredAt),
} satisfies Consumers<MediaContext>
