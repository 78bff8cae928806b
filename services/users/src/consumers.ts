import type { Consumers } from '@ambassador/kit/service'
import { addEarnings, type UsersContext } from './accounts.ts'

// A shop order no ambassador referred earns nobody anything.
export const consumers = {
  'order.completed': async (ctx, { data }) => {
    if (data.ambassador_id !== null) await addEarnings(ctx, data.ambassador_id, data.ambassador_revenue_minor)
  },
  // A refund takes back the commission on the refunded lines: `revenue` is net of it.
  'order.refunded': async (ctx, { data }) => {
    if (data.ambassador_id !== null) await addEarnings(ctx, data.ambassador_id, -data.ambassador_revenue_minor)
  },
  // An admin overruled a withheld commission: the order earned nothing before, now it earns this.
  'order.commission_restored': (ctx, { data }) => addEarnings(ctx, data.ambassador_id, data.ambassador_revenue_minor),
} satisfies Consumers<UsersContext>
