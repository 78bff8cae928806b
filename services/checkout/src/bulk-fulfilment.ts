import type { BulkFulfilmentBody, BulkFulfilmentResult } from '@ambassador/contracts/http'
import { AppError, badRequest } from '@ambassador/kit/errors/errors'
import type { ServiceContext } from '@ambassador/kit/service'
import { advanceOrder, type Shipment } from './fulfilment.ts'
import { fulfilLines } from './line-fulfilment.ts'

/**
 * Many orders one step on, each in its own transaction: packed (every line left), shipped (each with its own carrier
 * and tracking number, or the ones given for all) or delivered. An order that cannot move says why, with the refusal's
 * code; the others move anyway. A request that cannot be right as a whole (an order to ship with no tracking number,
 * a shipment for an order not in the list) is refused before anything moves.
 */
export async function advanceOrders(
  ctx: ServiceContext,
  body: BulkFulfilmentBody,
  actorId: string,
): Promise<BulkFulfilmentResult> {
  const orderIds = [...new Set(body.order_ids)]
  const shipments = body.stage === 'shipped' ? shipmentsOf(body, orderIds) : new Map<string, Shipment>()
  const results: BulkFulfilmentResult = []
  for (const orderId of orderIds) {
    try {
      if (body.stage === 'fulfilled') await fulfilLines(ctx, orderId, undefined, actorId)
      else await advanceOrder(ctx, orderId, body.stage, actorId, shipments.get(orderId))
      results.push({ order_id: orderId, ok: true, status: body.stage })
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode >= 500) throw error
      results.push({ order_id: orderId, ok: false, error: error.message, code: error.code })
    }
  }
  return results
}

/** Each order's shipment: its own, else the carrier and tracking number given for all; 400 if one has neither. */
function shipmentsOf(body: BulkFulfilmentBody, orderIds: string[]) {
  const own = new Map((body.shipments ?? []).map((shipment) => [shipment.order_id, shipment]))
  const stray = [...own.keys()].find((id) => !orderIds.includes(id))
  if (stray)
    throw badRequest(`Order ${stray} has a shipment but is not among the orders to ship`, 'shipment_unknown_order')
  const shipments = new Map<string, Shipment>()
  for (const orderId of orderIds) {
    const given = own.get(orderId)
    const carrier = (given?.carrier ?? body.carrier ?? '').trim()
    const trackingNumber = (given?.tracking_number ?? body.tracking_number ?? '').trim()
    if (!carrier || !trackingNumber) {
      throw badRequest('Shipping needs a carrier and a tracking number for every order', 'shipment_incomplete')
    }
    shipments.set(orderId, { carrier, trackingNumber, trackingUrl: given?.tracking_url })
  }
  return shipments
}
