import { type Static, type TSchema, Type } from 'typebox'

/**
 * Every event the services exchange: its type name and the shape of its data, as TypeBox schemas (events are
 * validated where they arrive, like HTTP bodies). Money is integer minor units. Adding a field is compatible;
 * renaming or removing one needs a new `version`.
 */
export const Role = Type.Union([Type.Literal('admin'), Type.Literal('ambassador'), Type.Literal('shopper')])
export type Role = Static<typeof Role>

const Minor = Type.Integer()
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const UserData = Type.Object({
  id: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  email: Type.String(),
  role: Role,
  /** Moved on when the user signs out or changes the password: tokens issued under an older one are refused. */
  session_version: Type.Optional(Type.Integer({ minimum: 0 })),
  /**
   * The owner has proved they receive mail at `email` (a magic link, a password reset, an OpenID provider's verified
   * claim): orders placed as a guest with that address may join the account.
   */
  email_verified: Type.Optional(Type.Boolean()),
})
export type UserData = Static<typeof UserData>

export const ProductData = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  image: Type.String(),
  price_minor: Minor,
  currency: Type.String(),
  /** The shop's fields (#11); absent from events written before them. */
  slug: Type.Optional(Type.String()),
  category_ids: Type.Optional(Type.Array(Type.String())),
  images: Type.Optional(Type.Array(Type.String())),
  active: Type.Optional(Type.Boolean()),
  created_at: Type.Optional(Type.String()),
})
export type ProductData = Static<typeof ProductData>

export const CategoryData = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() })
export type CategoryData = Static<typeof CategoryData>

/** Whether a product can be bought now (its stock is untracked, or some is available), for the shop's catalog. */
export const InventoryChangedData = Type.Object({
  product_id: Type.String(),
  in_stock: Type.Boolean(),
  /** Units available to order; null when the stock is not tracked. */
  available: Type.Union([Type.Integer(), Type.Null()]),
})
export type InventoryChangedData = Static<typeof InventoryChangedData>

export const LinkData = Type.Object({
  id: Type.String(),
  code: Type.String(),
  user_id: Type.String(),
  product_ids: Type.Array(Type.String()),
  created_at: Type.String(),
})
export type LinkData = Static<typeof LinkData>

/**
 * A batch of clicks the ambassador service wrote (link.clicks_recorded): how many clicks each link had on each UTC day
 * of the batch, one entry per link and day. One event per batch, never per click (opening a link is a hot path); keyed
 * by the batch, since batches only add up and need no order among themselves. Clicks on codes no link has are not in it.
 */
export const LinkClicksRecordedData = Type.Object({
  counts: Type.Array(
    Type.Object({
      link_id: Type.String(),
      code: Type.String(),
      ambassador_id: Type.String(),
      day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'UTC day, YYYY-MM-DD' }),
      clicks: Type.Integer({ minimum: 1 }),
    }),
  ),
})
export type LinkClicksRecordedData = Static<typeof LinkClicksRecordedData>

export const OrderItemData = Type.Object({
  id: Type.String(),
  product_id: Type.String(),
  product_title: Type.String(),
  price_minor: Minor,
  quantity: Type.Integer(),
  /** The coupon's share of the line (absent before coupons): paid = price × quantity − discount. */
  discount_minor: Type.Optional(Minor),
  admin_revenue_minor: Minor,
  ambassador_revenue_minor: Minor,
  /** The commission rate frozen on the line when the order was placed (absent before it was sent, or not kept). */
  commission_rate_basis_points: Type.Optional(Type.Integer()),
  /** The commission rule that chose the rate, and what it saw then (absent before rules, #13). */
  commission_rule: Type.Optional(Type.String()),
  commission_rule_detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})
export type OrderItemData = Static<typeof OrderItemData>

export const OrderCompletedData = Type.Object({
  id: Type.String(),
  /** The referral link and its ambassador; null for a shop order no ambassador referred. */
  link_id: Nullable(Type.String()),
  code: Nullable(Type.String()),
  ambassador_id: Nullable(Type.String()),
  first_name: Type.String(),
  last_name: Type.String(),
  email: Type.String(),
  address: Type.String(),
  country: Type.String(),
  city: Type.String(),
  zip: Type.String(),
  currency: Type.String(),
  /** What the customer paid, after the coupon's discount. */
  total_minor: Minor,
  discount_minor: Type.Optional(Minor),
  coupon_code: Type.Optional(Nullable(Type.String())),
  admin_revenue_minor: Minor,
  ambassador_revenue_minor: Minor,
  items: Type.Array(OrderItemData),
  completed_at: Type.String(),
  /** The order's invoice number (absent before invoices) and the provider's reference for the payment. */
  invoice_number: Type.Optional(Type.String()),
  payment_reference: Type.Optional(Nullable(Type.String())),
  /** The part of `total_minor` paid with the customer's store credit (the rest went to the payment provider). */
  store_credit_minor: Type.Optional(Minor),
  /** The click that brought the order (its referral cookie's), when one did. */
  click_id: Type.Optional(Nullable(Type.String())),
  /**
   * How the order found its ambassador: `link` (placed on the link's page or from a cart it filled), `first_click` /
   * `last_click` (a referral cookie, by the store's ATTRIBUTION_MODEL), `coupon` (the ambassador's own code).
   */
  attributed_by: Type.Optional(
    Nullable(
      Type.Union([
        Type.Literal('link'),
        Type.Literal('first_click'),
        Type.Literal('last_click'),
        Type.Literal('coupon'),
      ]),
    ),
  ),
  /**
   * Why the referring ambassador earns nothing on it: the order is their own (`own_account`, `own_email`,
   * `own_address`, `own_card`). Its lines then carry no commission.
   */
  commission_withheld: Type.Optional(Nullable(Type.String())),
})
export type OrderCompletedData = Static<typeof OrderCompletedData>

export const RefundedLineData = Type.Object({
  order_item_id: Type.String(),
  product_id: Type.String(),
  product_title: Type.String(),
  /** Units given back; 0 when an amount refund took part of the line's money without naming units. */
  quantity: Type.Integer({ minimum: 0 }),
  amount_minor: Minor,
  /** The commission taken back: the line's commission at the rate frozen when the order was placed. */
  ambassador_revenue_minor: Minor,
  admin_revenue_minor: Minor,
})
export type RefundedLineData = Static<typeof RefundedLineData>

/** Money went back to the customer on a completed order: only the lines (and amounts) named here. */
export const OrderRefundedData = Type.Object({
  /** The refund's id (one order may have several refunds). */
  id: Type.String(),
  order_id: Type.String(),
  /** The referral link and its ambassador; null for a shop order no ambassador referred. */
  link_id: Nullable(Type.String()),
  code: Nullable(Type.String()),
  ambassador_id: Nullable(Type.String()),
  first_name: Type.String(),
  last_name: Type.String(),
  email: Type.String(),
  currency: Type.String(),
  amount_minor: Minor,
  admin_revenue_minor: Minor,
  ambassador_revenue_minor: Minor,
  items: Type.Array(RefundedLineData),
  /** The order's total, and how much of it has been refunded with this refund. */
  order_total_minor: Minor,
  order_refunded_minor: Minor,
  /** When the order completed: views that count an order on its day net the refund out of that day. */
  order_completed_at: Type.String(),
  refunded_at: Type.String(),
  /** The refund's credit note number and the invoice it corrects (absent before invoices). */
  credit_note_number: Type.Optional(Type.String()),
  invoice_number: Type.Optional(Type.String()),
  /** The part of `amount_minor` that went back to the customer's store credit (the rest to their card). */
  store_credit_minor: Type.Optional(Minor),
})
export type OrderRefundedData = Static<typeof OrderRefundedData>

/**
 * An admin overruled a withheld commission (the order looked like the ambassador's own but was not): the lines now earn
 * what the rules give, announced once. Only an order nothing was refunded from is restored.
 */
export const OrderCommissionRestoredData = Type.Object({
  order_id: Type.String(),
  link_id: Nullable(Type.String()),
  code: Nullable(Type.String()),
  ambassador_id: Type.String(),
  currency: Type.String(),
  /** When the order completed: stats count the commission on that day. */
  order_completed_at: Type.String(),
  /** The commission the lines now earn, together. */
  ambassador_revenue_minor: Minor,
  items: Type.Array(
    Type.Object({
      order_item_id: Type.String(),
      product_id: Type.String(),
      ambassador_revenue_minor: Minor,
      commission_rate_basis_points: Type.Integer({ minimum: 0 }),
      commission_rule: Type.String(),
      commission_rule_detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
  reason: Type.String(),
  restored_by: Type.String(),
  restored_at: Type.String(),
})
export type OrderCommissionRestoredData = Static<typeof OrderCommissionRestoredData>

/**
 * An order moved on in its fulfilment (order.fulfilled, order.shipped, order.delivered): who moved it and when, and
 * what the customer needs to follow it. `delivered` is the moment commission maturity will hang on.
 */
export const OrderFulfilmentData = Type.Object({
  order_id: Type.String(),
  ambassador_id: Nullable(Type.String()),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  invoice_number: Nullable(Type.String()),
  carrier: Nullable(Type.String()),
  tracking_number: Nullable(Type.String()),
  tracking_url: Nullable(Type.String()),
  /** The admin who moved it. */
  actor_id: Nullable(Type.String()),
  at: Type.String(),
})
export type OrderFulfilmentData = Static<typeof OrderFulfilmentData>

/**
 * Someone asked for a one-time link by email (user.sign_in_link_requested, user.password_reset_requested): the
 * email service mails `url`, which carries the link's secret — only its hash is kept by users, and the link dies at
 * `expires_at` and on first use. `first_name` is null when the address has no account yet (a sign-up by link).
 */
export const AccountLinkData = Type.Object({
  email: Type.String(),
  first_name: Nullable(Type.String()),
  role: Role,
  url: Type.String(),
  expires_at: Type.String(),
})
export type AccountLinkData = Static<typeof AccountLinkData>

/**
 * A payout moved on (payout.requested, payout.paid, payout.returned): the ambassador's name and address for the email
 * that tells them, the amount and where it goes, the provider's reference once paid, the reason once returned.
 */
export const PayoutData = Type.Object({
  payout_id: Type.String(),
  ambassador_id: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  amount_minor: Minor,
  currency: Type.String(),
  method: Type.String(),
  destination: Type.String(),
  reference: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  at: Type.String(),
})
export type PayoutData = Static<typeof PayoutData>

/**
 * A commission rule the admins set (#13): a rate for a product, a category, or a monthly tier reached once an
 * ambassador's (or any ambassador's, when `ambassador_id` is null) paid sales this UTC month reach `threshold_minor`.
 */
export const CommissionRuleData = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('product'), Type.Literal('category'), Type.Literal('tier')]),
  label: Type.String(),
  rate_basis_points: Type.Integer({ minimum: 0, maximum: 10_000 }),
  product_id: Nullable(Type.String()),
  category_id: Nullable(Type.String()),
  ambassador_id: Nullable(Type.String()),
  threshold_minor: Nullable(Minor),
  currency: Nullable(Type.String()),
})
export type CommissionRuleData = Static<typeof CommissionRuleData>

/**
 * A user's store credit moved (wallet.deposited, wallet.debited): by how much (always positive; the type says which
 * way), the balance after it, what kind of movement and why. The email service tells the user.
 */
export const WalletMovementData = Type.Object({
  entry_id: Type.String(),
  user_id: Type.String(),
  kind: Type.String(),
  amount_minor: Minor,
  currency: Type.String(),
  balance_minor: Minor,
  reason: Nullable(Type.String()),
  at: Type.String(),
})
export type WalletMovementData = Static<typeof WalletMovementData>

/**
 * The notifications service turned a webhook endpoint off (webhook.endpoint_disabled): every attempt to reach it failed
 * for a day. The email service tells every admin, with what the endpoint last answered.
 */
export const WebhookEndpointDisabledData = Type.Object({
  endpoint_id: Type.String(),
  url: Type.String(),
  reason: Type.String(),
  failing_since: Type.String(),
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  disabled_at: Type.String(),
})
export type WebhookEndpointDisabledData = Static<typeof WebhookEndpointDisabledData>

/** The longest error text a dead_letter.parked event carries (the dead letter itself keeps it whole). */
export const PARKED_ERROR_MAX_LENGTH = 500

/**
 * A service's consumer gave up on an event and parked it in its dead letters (dead_letter.parked): which event, why
 * (the error, cut to PARKED_ERROR_MAX_LENGTH), after how many attempts. Announced by the service that parked it, in
 * the same transaction; `dead_letter_id` is what `replay-dead-letters --id` takes. A parked dead_letter.parked is
 * never announced again.
 */
export const DeadLetterParkedData = Type.Object({
  /** The service whose schema holds the dead letter. */
  service: Type.String(),
  consumer: Type.String(),
  dead_letter_id: Type.String(),
  event_id: Type.String(),
  event_type: Type.String(),
  error: Type.String({ maxLength: PARKED_ERROR_MAX_LENGTH }),
  /** How often the handler was tried; 0 when the event never reached it (it did not fit the contracts). */
  attempts: Type.Integer({ minimum: 0 }),
  parked_at: Type.String(),
})
export type DeadLetterParkedData = Static<typeof DeadLetterParkedData>

/** Each event type's data schema and the versions of it consumers understand. */
export const EVENT_SCHEMAS = {
  'user.registered': UserData,
  'user.updated': UserData,
  'user.sign_in_link_requested': AccountLinkData,
  'user.password_reset_requested': AccountLinkData,
  'product.created': ProductData,
  'product.updated': ProductData,
  'product.deleted': Type.Object({ id: Type.String() }),
  'category.created': CategoryData,
  'category.updated': CategoryData,
  'category.deleted': Type.Object({ id: Type.String() }),
  'inventory.changed': InventoryChangedData,
  'link.created': LinkData,
  'link.clicks_recorded': LinkClicksRecordedData,
  'order.completed': OrderCompletedData,
  'order.refunded': OrderRefundedData,
  'order.commission_restored': OrderCommissionRestoredData,
  'order.fulfilled': OrderFulfilmentData,
  'order.shipped': OrderFulfilmentData,
  'order.delivered': OrderFulfilmentData,
  'payout.requested': PayoutData,
  'payout.paid': PayoutData,
  'payout.returned': PayoutData,
  'wallet.deposited': WalletMovementData,
  'wallet.debited': WalletMovementData,
  'commission_rule.created': CommissionRuleData,
  'commission_rule.updated': CommissionRuleData,
  'commission_rule.deleted': Type.Object({ id: Type.String() }),
  'webhook.endpoint_disabled': WebhookEndpointDisabledData,
  'dead_letter.parked': DeadLetterParkedData,
} satisfies Record<string, TSchema>

/** The versions of each event this code reads; anything else goes to the dead letters, not into a read model. */
export const KNOWN_VERSIONS: readonly number[] = [1]

export type EventMap = { [K in keyof typeof EVENT_SCHEMAS]: Static<(typeof EVENT_SCHEMAS)[K]> }

export type EventType = keyof EventMap

/** One event as it travels: the same envelope in the outbox, on the bus and in the inbox. */
export type EventEnvelope<T extends EventType = EventType> = {
  [K in T]: {
    id: string
    type: K
    version: number
    occurredAt: string
    /** The aggregate's id: one aggregate's events keep their order. */
    key: string
    data: EventMap[K]
    /** The W3C trace context of its publishing (when tracing is on), so consumers' spans join the trace. */
    traceparent?: string
  }
}[T]

/** The stream (Kafka topic) an event belongs to: its aggregate. */
export function streamOf(type: EventType): string {
  const aggregate = type.slice(0, type.indexOf('.'))
  // Categories travel with the products (the catalog's stream): a product naming a new category follows it.
  // Stock news travels there too, keyed by product: it follows the product it is about.
  // Commission rules too: they name the catalog's products and categories, and checkout already reads that stream.
  if (aggregate === 'category' || aggregate === 'inventory' || aggregate === 'commission_rule') return 'products'
  // What the notifications service announces about its own channels (a webhook endpoint turned off).
  if (aggregate === 'webhook') return 'notifications'
  // What the platform tells its operators about its own running (an event parked in a service's dead letters).
  if (aggregate === 'dead_letter') return 'operations'
  return `${aggregate}s`
}

/** Every stream some event type travels on: one Kafka topic, or one RabbitMQ exchange, each (created at start). */
export const STREAMS: readonly string[] = [
  ...new Set((Object.keys(EVENT_SCHEMAS) as EventType[]).map((type) => streamOf(type))),
]
