import type { Consumers } from '@ambassador/kit/service'
import { addEarnings, type UsersContext } from './accounts.ts'

export const consumers = {
  'order.completed': (ctx, event) => addEarnings(ctx, event.data.ambassador_id, event.data.ambassador_revenue_minor),
  // A refund takes back the commission on the refunded lines: `revenue` is net of it.
  'order.refunded': (ctx, event) => addEarnings(ctx, event.data.ambassador_id, -event.data.ambassador_revenue_minor),
} satisfies Consumers<UsersContext>
