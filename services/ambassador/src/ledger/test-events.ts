import type { OrderCompletedData, OrderFulfilmentData, OrderRefundedData } from '@ambassador/contracts/events'
import { newId } from '@ambassador/kit/ids/ids'

/** Test data: a refund of an order as checkout announces it, taking back `commissionMinor` of each named line. */
export function refundedOrder(
  order: OrderCompletedData,
  lines: { itemId: string; commissionMinor: number }[],
  refundedAt: string,
): OrderRefundedData {
  const items = lines.map(({ itemId, commissionMinor }) => {
    const item = order.items.find((i) => i.id === itemId)
    if (!item) throw new Error(`the order has no line ${itemId}`)
    return {
      order_item_id: item.id,
      product_id: item.product_id,
      product_title: item.product_title,
      quantity: 0,
      amount_minor: commissionMinor * 10,
      ambassador_revenue_minor: commissionMinor,
      admin_revenue_minor: commissionMinor * 9,
    }
  })
  const amount = items.reduce((sum, i) => sum + i.amount_minor, 0)
  return {
    id: newId(),
    order_id: order.id,
    link_id: order.link_id,
    code: order.code,
    ambassador_id: order.ambassador_id,
    first_name: order.first_name,
    last_name: order.last_name,
    email: order.email,
    currency: order.currency,
    amount_minor: amount,
    admin_revenue_minor: items.reduce((sum, i) => sum + i.admin_revenue_minor, 0),
    ambassador_revenue_minor: items.reduce((sum, i) => sum + i.ambassador_revenue_minor, 0),
    items,
    order_total_minor: order.total_minor,
    order_refunded_minor: amount,
    order_completed_at: order.completed_at,
    refunded_at: refundedAt,
  }
}

/** Test data: an order marked delivered at `at`, as checkout announces it. */
export function deliveredOrder(order: OrderCompletedData, at: string): OrderFulfilmentData {
  return {
    order_id: order.id,
    ambassador_id: order.ambassador_id,
    email: order.email,
    first_name: order.first_name,
    last_name: order.last_name,
    invoice_number: null,
    carrier: null,
    tracking_number: null,
    tracking_url: null,
    actor_id: null,
    at,
  }
}
