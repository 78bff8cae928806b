import { eventTables } from '@ambassador/kit/events/tables'
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

export const checkoutSchema = pgSchema('checkout')

// Read models, fed by other services' events (never written by a request).

/** The catalog as checkout prices it: fed by product.* events. */
export const products = checkoutSchema.table('products', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  image: text('image').notNull(),
  priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  /** The shop's fields: the cart links to the product page, coupons may be limited to categories. */
  slug: text('slug'),
  categoryIds: uuid('category_ids').array().notNull().default(sql`'{}'`),
  /** An inactive product cannot be ordered (the shop hides it; a link stops offering it). */
  active: boolean('active').notNull().default(true),
  /** When the event that wrote this row occurred (null before it was kept): an older event never overwrites. */
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }),
})

/** Products the catalog deleted: an older product event replayed later must not bring one back. */
export const deletedProducts = checkoutSchema.table('deleted_products', {
  id: uuid('id').primaryKey(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'string' }).notNull(),
})

/** Referral links, fed by link.created. */
export const links = checkoutSchema.table(
  'links',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [uniqueIndex('links_code_key').on(t.code)],
)

/** The products a link offers, in the order the ambassador picked them. */
export const linkProducts = checkoutSchema.table(
  'link_products',
  {
    linkId: uuid('link_id')
      .notNull()
      .references(() => links.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.productId] })],
)

/** Ambassadors' names for the checkout page, fed by user.* events. Deliberately no email. */
export const ambassadors = checkoutSchema.table('ambassadors', {
  id: uuid('id').primaryKey(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  /**
   * sha256 of the ambassador's normalized email (`emailKeyOf`), never the email itself: an order whose buyer has the
   * same key is the ambassador's own and earns no commission (#14).
   */
  emailKey: text('email_key'),
  /** When the event that wrote this row occurred (null before it was kept): an older event never overwrites. */
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }),
})

/**
 * Who may sign in to checkout's admin routes (an order and its refunds): every user's role and session version,
 * fed by user.* events. No names or emails: nothing here needs them.
 */
export const accounts = checkoutSchema.table('accounts', {
  id: uuid('id').primaryKey(),
  role: text('role').notNull(),
  sessionVersion: integer('session_version').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }),
})

/**
 * The addresses shoppers proved they receive mail at (lower case), fed by user.* events: an order placed as a guest
 * with one belongs to that shopper from the start. Only verified shoppers' addresses, one account per address.
 */
export const verifiedShoppers = checkoutSchema.table(
  'verified_shoppers',
  {
    email: text('email').primaryKey(),
    customerId: uuid('customer_id').notNull(),
    /** When the event that wrote this row occurred: an older event never takes the address back. */
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('verified_shoppers_customer').on(t.customerId)],
)

/**
 * The commission rules admins set (#13), fed by commission_rule.* events: placing an order evaluates them per line and
 * freezes the outcome on it. A deleted rule leaves a tombstone, so a replayed older event cannot bring it back.
 */
export const commissionRules = checkoutSchema.table('commission_rules', {
  id: uuid('id').primaryKey(),
  kind: text('kind').$type<'product' | 'category' | 'tier'>().notNull(),
  label: text('label').notNull(),
  rateBasisPoints: integer('rate_basis_points').notNull(),
  productId: uuid('product_id'),
  categoryId: uuid('category_id'),
  ambassadorId: uuid('ambassador_id'),
  thresholdMinor: bigint('threshold_minor', { mode: 'number' }),
  currency: text('currency'),
  /** When the event that wrote this row occurred: an older event never overwrites. */
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
})

export const deletedCommissionRules = checkoutSchema.table('deleted_commission_rules', {
  id: uuid('id').primaryKey(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'string' }).notNull(),
})

// What checkout owns.

export const fulfilmentStage = checkoutSchema.enum('fulfilment_stage', ['fulfilled', 'shipped', 'delivered'])

/** `expired`: left unpaid past ORDER_TTL_MINUTES, its payment session expired first so it can no longer be paid. */
export const orderStatus = checkoutSchema.enum('order_status', ['pending', 'completed', 'expired'])

export type AttributedBy = 'link' | 'first_click' | 'last_click' | 'coupon'
export type CommissionWithheld = 'own_email' | 'own_account' | 'own_address' | 'own_card'

export const orders = checkoutSchema.table(
  'orders',
  {
    id: uuid('id').primaryKey(),
    /** The referral link the order came through; null for a shop order no ambassador referred. */
    linkId: uuid('link_id'),
    code: text('code'),
    ambassadorId: uuid('ambassador_id'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull(),
    address: text('address').notNull(),
    country: text('country').notNull(),
    city: text('city').notNull(),
    zip: text('zip').notNull(),
    currency: text('currency').notNull(),
    /** What the customer pays: the lines' prices less the coupon's discount. */
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    discountMinor: bigint('discount_minor', { mode: 'number' }).notNull().default(0),
    couponId: uuid('coupon_id'),
    couponCode: text('coupon_code'),
    /** The shopper account that placed it (signed in at checkout); null for a guest. */
    customerId: uuid('customer_id'),
    /** The cart the order was placed from: emptied when the order is paid. */
    cartId: text('cart_id'),
    /** How far a paid order got after payment: null (paid), then fulfilled, shipped, delivered — never backwards. */
    fulfilment: fulfilmentStage('fulfilment'),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    trackingUrl: text('tracking_url'),
    adminRevenueMinor: bigint('admin_revenue_minor', { mode: 'number' }).notNull(),
    ambassadorRevenueMinor: bigint('ambassador_revenue_minor', { mode: 'number' }).notNull(),
    status: orderStatus('status').notNull(),
    paymentSessionId: text('payment_session_id'),
    /** The provider's payment behind the paid session (Stripe: the PaymentIntent), which refunds are made against. */
    paymentId: text('payment_id'),
    /** How much of the total was given back, refunds in progress included. */
    refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull().default(0),
    /** What the customer paid from their store credit (the provider charged the rest). */
    storeCreditMinor: bigint('store_credit_minor', { mode: 'number' }).notNull().default(0),
    /** The store credit's owner: the signed-in shopper or ambassador who spent it. */
    storeCreditUserId: uuid('store_credit_user_id'),
    /** What refunds gave back to store credit (the rest of `refunded_minor` went back through the provider). */
    storeCreditRefundedMinor: bigint('store_credit_refunded_minor', { mode: 'number' }).notNull().default(0),
    /** The click whose referral cookie credited the ambassador, when one did (#14). */
    clickId: uuid('click_id'),
    /** How the order found its ambassador: 'link', 'first_click', 'last_click' or 'coupon'; null with none. */
    attributedBy: text('attributed_by').$type<AttributedBy>(),
    /**
     * Why the referring ambassador earns nothing on it, when they do not: the order is their own ('own_email',
     * 'own_account', 'own_address', 'own_card'). Its lines then carry no commission.
     */
    commissionWithheld: text('commission_withheld').$type<CommissionWithheld>(),
    /** An admin's overruling of a withheld commission: who, when and why (the lines then earn as the rules say). */
    commissionRestoredBy: uuid('commission_restored_by'),
    commissionRestoredAt: timestamp('commission_restored_at', { withTimezone: true, mode: 'string' }),
    commissionRestoredReason: text('commission_restored_reason'),
    /** The provider's fingerprint of the card that paid (Stripe: card.fingerprint), when it tells one. */
    paymentFingerprint: text('payment_fingerprint'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('orders_payment_session_id_key').on(t.paymentSessionId),
    uniqueIndex('orders_payment_id_key').on(t.paymentId),
    index('orders_link_id').on(t.linkId),
    index('orders_customer').on(t.customerId, t.createdAt),
    // A shopper who proves their email takes the guest orders placed with it: found without scanning all orders.
    index('orders_guest_email').on(sql`lower(${t.email})`).where(sql`customer_id IS NULL`),
    // The public tracking page finds an order by the number its emails show: the last 8 hex digits of its id.
    index('orders_number').on(sql`upper(right(replace(${t.id}::text, '-', ''), 8))`),
    // Reconciliation walks the pending orders oldest first: keep that a small index however many orders complete.
    index('orders_pending').on(t.createdAt).where(sql`status = 'pending'`),
    // The admins' fulfilment queue: paid orders by how far they got, oldest payment first.
    index('orders_fulfilment_queue').on(t.fulfilment, t.completedAt).where(sql`status = 'completed'`),
    // An ambassador's paid sales this month, for the commission tiers: one index range per order placed.
    // Self-referral checks: the addresses and cards of the orders an ambassador placed for themselves.
    index('orders_withheld_ambassador').on(t.ambassadorId).where(sql`commission_withheld IS NOT NULL`),
    index('orders_ambassador_paid')
      .on(t.ambassadorId, t.completedAt)
      .where(sql`status = 'completed' AND ambassador_id IS NOT NULL`),
  ],
)

/** One line of an order, with the price and title as they were when it was placed. */
export const orderItems = checkoutSchema.table(
  'order_items',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    productTitle: text('product_title').notNull(),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    quantity: integer('quantity').notNull(),
    /** The coupon's share of this line: paid = price × quantity − discount, and the revenues split what was paid. */
    discountMinor: bigint('discount_minor', { mode: 'number' }).notNull().default(0),
    adminRevenueMinor: bigint('admin_revenue_minor', { mode: 'number' }).notNull(),
    ambassadorRevenueMinor: bigint('ambassador_revenue_minor', { mode: 'number' }).notNull(),
    /** The commission rate when the order was placed: a refund reverses the commission at this rate. */
    commissionRateBasisPoints: integer('commission_rate_basis_points'),
    /** The rule that chose the rate ('default', 'product', 'category', 'tier'; null before rules) and what it saw. */
    commissionRule: text('commission_rule'),
    commissionRuleId: uuid('commission_rule_id'),
    commissionRuleLabel: text('commission_rule_label'),
    commissionRuleDetail: jsonb('commission_rule_detail').$type<Record<string, unknown>>(),
    /** What refunds (in progress included) took back from this line: units, money, and of it the commission. */
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull().default(0),
    refundedAmbassadorMinor: bigint('refunded_ambassador_minor', { mode: 'number' }).notNull().default(0),
    /** When the line was packed and by which admin (null: not yet; a fully refunded line never needs it). */
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true, mode: 'string' }),
    fulfilledBy: uuid('fulfilled_by'),
  },
  (t) => [index('order_items_order_id').on(t.orderId)],
)

/**
 * `pending`: asked of the provider, its answer not in yet (its amounts are held, so refunds cannot exceed the
 * payment); `succeeded`: the money went back and order.refunded was announced; `failed`: nothing went back.
 */
export const refundStatus = checkoutSchema.enum('refund_status', ['pending', 'succeeded', 'failed'])

/** Money given back on an order: asked for by an admin, or made at the provider (Stripe's dashboard). */
export const refunds = checkoutSchema.table(
  'refunds',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** The provider's id for it, once known. */
    providerRefundId: text('provider_refund_id'),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    /** The part of `amount_minor` that goes back to store credit (the provider refunds the rest). */
    storeCreditMinor: bigint('store_credit_minor', { mode: 'number' }).notNull().default(0),
    status: refundStatus('status').notNull(),
    /** The admin who asked for it; null when it was made at the provider. */
    requestedBy: uuid('requested_by'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('refunds_provider_refund_id_key').on(t.providerRefundId),
    index('refunds_order_id').on(t.orderId),
    index('refunds_pending').on(t.createdAt).where(sql`status = 'pending'`),
  ],
)

/** What a refund took back from each order line, and how that splits between store and ambassador. */
export const refundLines = checkoutSchema.table(
  'refund_lines',
  {
    refundId: uuid('refund_id')
      .notNull()
      .references(() => refunds.id, { onDelete: 'cascade' }),
    orderItemId: uuid('order_item_id').notNull(),
    quantity: integer('quantity').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    adminRevenueMinor: bigint('admin_revenue_minor', { mode: 'number' }).notNull(),
    ambassadorRevenueMinor: bigint('ambassador_revenue_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.refundId, t.orderItemId] })],
)

/**
 * The transaction log: every call checkout made to the payment provider and every verified webhook it received,
 * with the outcome. Admins see an order's entries with the order.
 */
export const paymentLog = checkoutSchema.table(
  'payment_log',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id'),
    provider: text('provider').notNull(),
    /** `call` (we asked the provider) or `webhook` (the provider told us). */
    direction: text('direction').notNull(),
    /** The provider's operation or event type: `checkout.sessions.create`, `checkout.session.completed`. */
    action: text('action').notNull(),
    /** The provider's id of what it was about: a session, an event, a refund. */
    reference: text('reference'),
    /** `ok`, `failed`, `duplicate` (an event already applied) or `ignored` (nothing to do for us). */
    outcome: text('outcome').notNull(),
    detail: text('detail'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('payment_log_order_id').on(t.orderId, t.createdAt)],
)

/** Provider webhook events already applied: each event id once, however often the provider sends it. */
export const appliedPaymentEvents = checkoutSchema.table(
  'applied_payment_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
)

// The embedded test payment provider's own sessions (a stand-in for Stripe Checkout).

export const paymentSessionStatus = checkoutSchema.enum('test_payment_session_status', ['open', 'paid', 'expired'])

export type TestLineItem = { title: string; unitMinor: number; quantity: number }

export const testPaymentSessions = checkoutSchema.table('test_payment_sessions', {
  id: text('id').primaryKey(),
  orderId: uuid('order_id').notNull(),
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  status: paymentSessionStatus('status').notNull(),
  successUrl: text('success_url').notNull(),
  cancelUrl: text('cancel_url').notNull(),
  lineItems: jsonb('line_items').$type<TestLineItem[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true, mode: 'string' }),
  /** A hash of the test card that paid, as Stripe fingerprints a card: the same card, the same value. */
  cardFingerprint: text('card_fingerprint'),
})

/**
 * The test provider's notifications to checkout that a session was paid: written in the transaction that marks it
 * paid, delivered through checkout's webhook route until it answers 200 (as Stripe retries its webhooks).
 */
export const testPaymentWebhooks = checkoutSchema.table(
  'test_payment_webhooks',
  {
    id: uuid('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    attempts: integer('attempts').notNull(),
    /** When it may next be sent: now when due, later while one delivery is in flight or after a failed one. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [index('test_payment_webhooks_due').on(t.nextAttemptAt).where(sql`delivered_at IS NULL`)],
)

/** The test provider's refunds: money "given back" on a paid test session. */
export const testPaymentRefunds = checkoutSchema.table(
  'test_payment_refunds',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    /** Checkout's refund id: asking again with it returns this refund, as Stripe's idempotency keys do. */
    refundId: text('refund_id').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('test_payment_refunds_refund_id_key').on(t.refundId),
    index('test_payment_refunds_session').on(t.sessionId),
  ],
)

/**
 * Stock of the products whose stock is tracked (a product without a row here is never out of stock): what is on
 * hand, and how much of it pending orders hold. Available to order = on_hand − reserved.
 */
export const inventory = checkoutSchema.table('inventory', {
  productId: uuid('product_id').primaryKey(),
  onHand: integer('on_hand').notNull(),
  reserved: integer('reserved').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
})

/** `held` while the order waits for its payment; `committed` once paid (taken off the shelf); `released` if not. */
export const reservationStatus = checkoutSchema.enum('reservation_status', ['held', 'committed', 'released'])

/** The stock an order holds, per tracked product. */
export const stockReservations = checkoutSchema.table(
  'stock_reservations',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    status: reservationStatus('status').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.productId] })],
)

export const couponKind = checkoutSchema.enum('coupon_kind', ['percent', 'fixed'])

/** Codes an admin hands out for a discount. `used` counts the orders holding or having used it (never above max_uses). */
export const coupons = checkoutSchema.table(
  'coupons',
  {
    id: uuid('id').primaryKey(),
    /** Upper case: codes are matched without regard to case. */
    code: text('code').notNull(),
    kind: couponKind('kind').notNull(),
    percentBasisPoints: integer('percent_basis_points'),
    amountMinor: bigint('amount_minor', { mode: 'number' }),
    currency: text('currency').notNull(),
    minOrderMinor: bigint('min_order_minor', { mode: 'number' }),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'string' }),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'string' }),
    maxUses: integer('max_uses'),
    maxUsesPerCustomer: integer('max_uses_per_customer'),
    categoryIds: uuid('category_ids').array().notNull().default(sql`'{}'`),
    active: boolean('active').notNull().default(true),
    used: integer('used').notNull().default(0),
    /**
     * A vanity code's ambassador and the link of theirs it counts for (#14): an order using it credits them through
     * that link, with or without a click.
     */
    ambassadorId: uuid('ambassador_id'),
    linkId: uuid('link_id'),
    /** The part of their commission rate the ambassador gives up to fund the discount, in basis points. */
    commissionGivenUpBasisPoints: integer('commission_given_up_basis_points').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('coupons_code_key').on(t.code),
    index('coupons_ambassador').on(t.ambassadorId).where(sql`ambassador_id IS NOT NULL`),
  ],
)

/** What an ambassador's vanity codes may give (#14): one row, set by admins. */
export const vanityCodeLimits = checkoutSchema.table('vanity_code_limits', {
  id: integer('id').primaryKey().default(1),
  /** The largest customer discount a vanity code may give, in basis points of the order (1000 = 10%). */
  maxDiscountBasisPoints: integer('max_discount_basis_points').notNull().default(1000),
  /** How many vanity codes one ambassador may have. */
  maxCodesPerAmbassador: integer('max_codes_per_ambassador').notNull().default(3),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }),
  updatedBy: uuid('updated_by'),
})

/** An order's use of a coupon: `held` while it waits for payment, `committed` once paid, `released` if never paid. */
export const couponRedemptions = checkoutSchema.table(
  'coupon_redemptions',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    couponId: uuid('coupon_id').notNull(),
    /** Lower case, for the per-customer limit. */
    email: text('email').notNull(),
    status: reservationStatus('status').notNull(),
  },
  (t) => [index('coupon_redemptions_customer').on(t.couponId, t.email)],
)

/** Shoppers' carts, each known by the sha256 of the token in its httpOnly cookie. */
export const carts = checkoutSchema.table(
  'carts',
  {
    id: text('id').primaryKey(),
    /** The referral link the shopper arrived through: the ambassador earns on the whole cart. */
    linkId: uuid('link_id'),
    couponCode: text('coupon_code'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('carts_updated_at').on(t.updatedAt)],
)

export const cartLines = checkoutSchema.table(
  'cart_lines',
  {
    cartId: text('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    /** The title when it was added: a line whose product was deleted since still says what it was. */
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.productId] })],
)

/**
 * A shopper's saved shipping addresses (an order's recipient and address), one of them the default that checkout
 * offers first. Checkout owns them: it ships orders; users keeps identity only.
 */
export const savedAddresses = checkoutSchema.table(
  'saved_addresses',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    address: text('address').notNull(),
    country: text('country').notNull(),
    city: text('city').notNull(),
    zip: text('zip').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    index('saved_addresses_customer').on(t.customerId, t.createdAt),
    // At most one default per shopper, whatever races.
    uniqueIndex('saved_addresses_one_default').on(t.customerId).where(sql`is_default`),
  ],
)

/**
 * Every step an order took, with who took it and when: placed, paid, cancelled (expired unpaid), fulfilled, shipped,
 * delivered, refunded. The shopper's and the admin's timeline.
 */
export const orderTimeline = checkoutSchema.table(
  'order_timeline',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    actorId: uuid('actor_id'),
    detail: text('detail'),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('order_timeline_order').on(t.orderId, t.at)],
)

export const documentKind = checkoutSchema.enum('document_kind', ['invoice', 'credit_note'])

/** The last number given to each kind of document: numbers follow each other with no gap (see documents.ts). */
export const documentCounters = checkoutSchema.table('document_counters', {
  kind: documentKind('kind').primaryKey(),
  last: integer('last').notNull(),
})

/**
 * Invoices (one per paid order) and credit notes (one per refund), as issued: the order or refund as its event
 * announced it and the store's details at that moment, so a document never changes once issued.
 */
export const documents = checkoutSchema.table(
  'documents',
  {
    number: text('number').primaryKey(),
    kind: documentKind('kind').notNull(),
    orderId: uuid('order_id').notNull(),
    refundId: uuid('refund_id'),
    /** The order.completed (invoice) or order.refunded (credit note) data the document shows. */
    data: jsonb('data').notNull(),
    store: jsonb('store').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('documents_invoice_of_order').on(t.orderId).where(sql`kind = 'invoice'`),
    uniqueIndex('documents_refund_id_key').on(t.refundId),
    index('documents_order_id').on(t.orderId),
  ],
)

export type WalletEntryKind = 'deposit' | 'debit' | 'commission' | 'spend' | 'release' | 'refund' | 'top_up'

/**
 * Store credit (#13): every user's wallet, append-only — a balance is the sum of its entries. An admin's deposit or
 * debit with a reason, an ambassador's commission paid into it, what an order spent, gave back when it expired
 * unpaid, and what a refund returned. `reference` makes each movement happen once: the idempotency key of an admin's
 * request, the payout a commission came from, the order or the refund.
 */
export const walletEntries = checkoutSchema.table(
  'wallet_entries',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    currency: text('currency').notNull(),
    /** Signed: a deposit adds, a debit takes. */
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    kind: text('kind').$type<WalletEntryKind>().notNull(),
    reason: text('reason'),
    /** The admin who moved it, for deposits and debits. */
    actorId: uuid('actor_id'),
    /** The order a spend, release or refund is about. */
    orderId: uuid('order_id'),
    reference: text('reference'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    index('wallet_entries_user').on(t.userId, t.occurredAt),
    uniqueIndex('wallet_entries_reference').on(t.kind, t.reference),
  ],
)

/**
 * Store credit bought through the payment provider: pending until the provider says its session was paid, then paid
 * once (and the wallet credited in the same transaction).
 */
export const walletTopUps = checkoutSchema.table(
  'wallet_top_ups',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<'pending' | 'paid' | 'expired'>().notNull(),
    sessionId: text('session_id'),
    paymentId: text('payment_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [uniqueIndex('wallet_top_ups_session').on(t.sessionId), index('wallet_top_ups_user').on(t.userId)],
)

export const { outbox, inbox, deadLetters } = eventTables('checkout')
export const tables = { outbox, inbox, deadLetters }
