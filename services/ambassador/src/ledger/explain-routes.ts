import { CommissionExplanation, OrderItemIdParams } from '@ambassador/contracts/http'
import { type HttpApp, principalOf } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import { explainCommission } from './explain.ts'

/** "Why did this line earn this": an ambassador's own lines, any line for an admin. */
export async function explainRoutes(app: HttpApp, ctx: ServiceContext) {
  const tags = ['ledger']
  const schema = { tags, params: OrderItemIdParams, response: { 200: CommissionExplanation } }
  app.get(
    '/api/ambassador/commissions/:order_item_id/explain',
    { config: { auth: 'ambassador' as const }, schema },
    (request) => explainCommission(ctx, request.params.order_item_id, { ambassadorId: principalOf(request).userId }),
  )
  app.get('/api/admin/commissions/:order_item_id/explain', { config: { auth: 'admin' as const }, schema }, (request) =>
    explainCommission(ctx, request.params.order_item_id, 'admin'),
  )
}
