import {
  BulkFulfilmentBody,
  BulkFulfilmentResult,
  FulfilBody,
  FulfilmentQueue,
  FulfilmentQueueQuery,
  IdParams,
  OrderDetail,
  ShipBody,
} from '@ambassador/contracts/http'
import { type HttpApp, principalOf } from '@ambassador/kit/http/server'
import { advanceOrders } from './bulk-fulfilment.ts'
import { advanceOrder } from './fulfilment.ts'
import { fulfilmentQueue } from './fulfilment-queue.ts'
import { fulfilLines } from './line-fulfilment.ts'
import { showOrder } from './order-view.ts'
import type { CheckoutContext } from './orders.ts'

const tags = ['orders']

/**
 * Fulfilment under /api/admin/orders: pack lines, ship, deliver — one step at a time, in order, each answering the
 * order as it is now — and the work list with its bulk moves.
 */
export function fulfilmentRoutes(area: HttpApp, ctx: CheckoutContext) {
  const config = { auth: 'admin' } as const
  area.post(
    '/:id/fulfil',
    { config, schema: { tags, params: IdParams, body: FulfilBody, response: { 200: OrderDetail } } },
    async (request) => {
      await fulfilLines(ctx, request.params.id, request.body?.items, principalOf(request).userId)
      return showOrder(ctx, request.params.id)
    },
  )
  area.post(
    '/:id/ship',
    { config, schema: { tags, params: IdParams, body: ShipBody, response: { 200: OrderDetail } } },
    async (request) => {
      const { carrier, tracking_number, tracking_url } = request.body
      await advanceOrder(ctx, request.params.id, 'shipped', principalOf(request).userId, {
        carrier: carrier.trim(),
        trackingNumber: tracking_number.trim(),
        trackingUrl: tracking_url,
      })
      return showOrder(ctx, request.params.id)
    },
  )
  area.post(
    '/:id/deliver',
    { config, schema: { tags, params: IdParams, response: { 200: OrderDetail } } },
    async (request) => {
      await advanceOrder(ctx, request.params.id, 'delivered', principalOf(request).userId)
      return showOrder(ctx, request.params.id)
    },
  )

  area.get(
    '/fulfilment',
    { config, schema: { tags, querystring: FulfilmentQueueQuery, response: { 200: FulfilmentQueue } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return fulfilmentQueue(ctx, request.query)
    },
  )
  // Many orders one step on: each moves or says why not, on its own.
  area.post(
    '/fulfilment',
    { config, schema: { tags, body: BulkFulfilmentBody, response: { 200: BulkFulfilmentResult } } },
    (request) => advanceOrders(ctx, request.body, principalOf(request).userId),
  )
}
