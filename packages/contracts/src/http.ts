import { type Static, type TSchema, Type } from 'typebox'
import { MAX_QUANTITY } from './limits.ts'

/**
 * The HTTP contract (see shared/api/README.md): request and response schemas shared by the services, the web
 * app and the tests. Bodies are snake_case; money is a JSON number in major units with at most 2 decimals.
 */

const Name = Type.String({ minLength: 1, maxLength: 100 })
const Email = Type.String({ format: 'email', maxLength: 254 })
const Password = Type.String({ minLength: 8, maxLength: 200 })
const Id = Type.String({ description: 'uuid' })
const Money = Type.Number({ description: 'major units, at most 2 decimals' })

export const Message = Type.Object({ message: Type.String() })

/** `?page=&per_page=` on a list: without `page` the list keeps its reference shape (a plain array). */
export const PageQuery = Type.Object({
  page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'answer one page `{data, total, page, last_page}`' }),
  ),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'items per page (20)' })),
})
export type PageQuery = Static<typeof PageQuery>

/** One page of a list, with how many items there are in all. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ data: Type.Array(item), total: Type.Integer(), page: Type.Integer(), last_page: Type.Integer() })
}

// Users (the same routes under /api/admin and /api/ambassador)
export const RegisterBody = Type.Object({
  first_name: Name,
  last_name: Name,
  email: Email,
  password: Password,
  password_confirm: Type.String({ maxLength: 200 }),
})
export type RegisterBody = Static<typeof RegisterBody>

export const LoginBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 200 }),
})
export type LoginBody = Static<typeof LoginBody>

export const User = Type.Object({ id: Id, first_name: Type.String(), last_name: Type.String(), email: Type.String() })
export type User = Static<typeof User>

export const CurrentUser = Type.Object({
  id: Id,
  first_name: Type.String(),
  last_name: Type.String(),
  email: Type.String(),
  revenue: Type.Optional(Type.Number({ description: 'ambassadors only: total commission earned' })),
})

/** Asked for to change the password or the email, unless the session signed in within the last ten minutes. */
const CurrentPassword = Type.Optional(Type.String({ maxLength: 200 }))

export const UpdateInfoBody = Type.Object({
  first_name: Type.Optional(Name),
  last_name: Type.Optional(Name),
  email: Type.Optional(Email),
  current_password: CurrentPassword,
})
export type UpdateInfoBody = Static<typeof UpdateInfoBody>

export const UpdatePasswordBody = Type.Object({
  password: Password,
  password_confirm: Type.String({ maxLength: 200 }),
  current_password: CurrentPassword,
})

/** The OpenID Connect providers shoppers may sign in with: one "Sign in with <name>" button each. */
export const OidcProviders = Type.Array(Type.Object({ id: Type.String(), name: Type.String() }))
export type OidcProviders = Static<typeof OidcProviders>

/** A one-time link's secret, as the emailed URL carries it (`?token=`). */
const LinkToken = Type.String({ minLength: 20, maxLength: 200 })
/** A path on this site to come back to after signing in (`/cart`); anything else is ignored. */
const ReturnTo = Type.Optional(Type.String({ maxLength: 500 }))

/** Asks for a sign-in link by email (shoppers); an address with no account gets a link that opens one. */
export const MagicLinkBody = Type.Object({
  email: Email,
  first_name: Type.Optional(Name),
  last_name: Type.Optional(Name),
  return_to: ReturnTo,
})
export type MagicLinkBody = Static<typeof MagicLinkBody>

/** What a sign-in link would do, asked before spending it (the landing page's "Continue as …"). */
export const MagicLinkCheckBody = Type.Object({ token: LinkToken })
export const MagicLinkCheck = Type.Object({
  email: Type.String({ description: 'the address, masked: m•••@example.com' }),
  new_account: Type.Boolean(),
  names_needed: Type.Boolean({ description: 'the link opens an account and carries no names: ask for them' }),
})
export type MagicLinkCheck = Static<typeof MagicLinkCheck>

/** Spends a sign-in link; the names are asked for when the link opens a new account and carried none. */
export const MagicLinkSignInBody = Type.Object({
  token: LinkToken,
  first_name: Type.Optional(Name),
  last_name: Type.Optional(Name),
})
export type MagicLinkSignInBody = Static<typeof MagicLinkSignInBody>

export const PasswordResetBody = Type.Object({ email: Email })
export const PasswordResetConfirmBody = Type.Object({
  token: LinkToken,
  password: Password,
  password_confirm: Type.String({ maxLength: 200 }),
})
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBody>

// Catalog
export const Product = Type.Object({
  id: Id,
  title: Type.String(),
  description: Type.String(),
  image: Type.String({ description: 'the first of `images`, or empty (the reference field)' }),
  price: Money,
  slug: Type.Optional(Type.String({ description: "the product's address in the shop: /shop/products/<slug>" })),
  category_ids: Type.Optional(Type.Array(Id)),
  images: Type.Optional(Type.Array(Type.String())),
  active: Type.Optional(Type.Boolean({ description: 'shown in the shop; an inactive product can still be linked' })),
})
export type Product = Static<typeof Product>

const PriceInput = Type.Union([Type.Number(), Type.String({ maxLength: 20 })], {
  description: 'a number or numeric string, at most 2 decimals',
})
export const Slug = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  description: 'lowercase letters and digits in words joined by single hyphens',
})

export const ProductBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 5000 }),
  image: Type.String({ maxLength: 2048 }),
  price: PriceInput,
  slug: Type.Optional(Slug),
  category_ids: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
  images: Type.Optional(Type.Array(Type.String({ maxLength: 2048 }), { maxItems: 10 })),
  active: Type.Optional(Type.Boolean()),
})
export type ProductBody = Static<typeof ProductBody>

export const ProductPatchBody = Type.Partial(ProductBody)
export type ProductPatchBody = Static<typeof ProductPatchBody>

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })

export const Category = Type.Object({ id: Id, slug: Type.String(), name: Type.String() })
export type Category = Static<typeof Category>

export const CategoryBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  slug: Type.Optional(Slug),
})
export type CategoryBody = Static<typeof CategoryBody>
export const CategoryPatchBody = Type.Partial(CategoryBody)
export type CategoryPatchBody = Static<typeof CategoryPatchBody>

export const ProductSearchQuery = Type.Object({
  s: Type.Optional(Type.String({ maxLength: 200 })),
  /** `asc` or `desc` by price; any other value means unsorted, as in the reference (its clients send `Select`). */
  sort: Type.Optional(Type.String({ maxLength: 50 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
})
export type ProductSearchQuery = Static<typeof ProductSearchQuery>

export const ProductPage = Type.Object({
  data: Type.Array(Product),
  total: Type.Integer(),
  page: Type.Integer(),
  last_page: Type.Integer(),
  meta: Type.Object({ total: Type.Integer(), page: Type.Integer(), last_page: Type.Integer() }),
})

// Links
export const CreateLinkBody = Type.Object({
  products: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 100 }),
})

export const Link = Type.Object({ id: Id, code: Type.String(), user_id: Id, products: Type.Array(Product) })

export const LinkStats = Type.Array(
  Type.Object({ code: Type.String(), count: Type.Integer(), revenue: Money, link_id: Type.Optional(Id) }),
)

export const Rankings = Type.Record(Type.String(), Money)

export const DailyStatsQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'UTC days, today included' })),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only this link of mine' })),
})

export const DailyStats = Type.Array(
  Type.Object({
    date: Type.String({ description: 'UTC day, YYYY-MM-DD' }),
    count: Type.Integer({ description: 'completed orders' }),
    revenue: Money,
  }),
  { description: 'days with orders, oldest first' },
)

// Checkout
export const CheckoutLink = Type.Object({
  id: Id,
  code: Type.String(),
  user: Type.Object({ id: Id, first_name: Type.String(), last_name: Type.String() }),
  products: Type.Array(Product),
})
export type CheckoutLink = Static<typeof CheckoutLink>

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength })
const UseStoreCredit = Type.Optional(
  Type.Boolean({
    description:
      'pay what the signed-in shopper or ambassador has in store credit first; the provider charges the rest (401 when signed out)',
  }),
)

export const CreateOrderBody = Type.Object({
  first_name: Name,
  last_name: Name,
  email: Email,
  address: Text(200),
  country: Text(100),
  city: Text(100),
  zip: Text(20),
  code: Type.String({ minLength: 1, maxLength: 64 }),
  coupon: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a coupon code to apply' })),
  use_store_credit: UseStoreCredit,
  products: Type.Array(
    Type.Object({
      product_id: Type.String({ maxLength: 64 }),
      quantity: Type.Integer({ minimum: 0, maximum: MAX_QUANTITY }),
    }),
    { minItems: 1, maxItems: 100 },
  ),
})
export type CreateOrderBody = Static<typeof CreateOrderBody>

export const PaymentSession = Type.Object({ id: Type.String(), url: Type.String() })

export const ConfirmOrderBody = Type.Object({ source: Type.String({ minLength: 1, maxLength: 200 }) })

// Oversight
export const OrderItem = Type.Object({
  id: Id,
  product_id: Type.Optional(Id),
  product_title: Type.String(),
  price: Money,
  quantity: Type.Integer(),
  admin_revenue: Money,
  ambassador_revenue: Money,
  refunded_quantity: Type.Optional(Type.Integer({ description: 'units refunded' })),
  refunded: Type.Optional(Type.Number({ description: 'money refunded on this line; the revenues are net of it' })),
  discount: Type.Optional(
    Type.Number({ description: 'the coupon’s share of this line: paid = price × quantity − discount' }),
  ),
})
export type OrderItem = Static<typeof OrderItem>

export const Order = Type.Object({
  id: Id,
  name: Type.String(),
  email: Type.String(),
  total: Type.Number({ description: 'the store share: the sum of admin_revenue (as in the reference API)' }),
  code: Type.Optional(Type.String()),
  amount_paid: Type.Optional(Type.Number({ description: 'what the customer paid: admin + ambassador revenue' })),
  refunded: Type.Optional(
    Type.Number({ description: 'what went back to the customer; total and revenues are net of it' }),
  ),
  ambassador_revenue: Type.Optional(Type.Number()),
  discount: Type.Optional(Type.Number({ description: 'taken off by a coupon; amount_paid is net of it' })),
  coupon_code: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  completed_at: Type.Optional(Type.String()),
  order_items: Type.Array(OrderItem),
})
export type Order = Static<typeof Order>

export const RefundBody = Type.Union(
  [
    Type.Object(
      {
        items: Type.Array(
          Type.Object({ order_item_id: Id, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
          { minItems: 1, maxItems: 500 },
        ),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      { amount: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.String({ maxLength: 20 })]) },
      { additionalProperties: false },
    ),
  ],
  { description: 'some units of some lines, or an amount (major units) spread across the lines' },
)
export type RefundBody = Static<typeof RefundBody>

export const Refund = Type.Object({
  id: Id,
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  amount: Money,
  ambassador_revenue: Money,
  provider_refund_id: Type.Union([Type.String(), Type.Null()]),
  requested_by: Type.Union([Id, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  lines: Type.Array(
    Type.Object({
      order_item_id: Id,
      quantity: Type.Integer(),
      amount: Money,
      admin_revenue: Money,
      ambassador_revenue: Money,
    }),
  ),
})
export type Refund = Static<typeof Refund>

export const PaymentLogEntry = Type.Object({
  id: Id,
  provider: Type.String(),
  direction: Type.Union([Type.Literal('call'), Type.Literal('webhook')]),
  action: Type.String(),
  reference: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  detail: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
})

/** Where an order is: pending → paid → fulfilled → shipped → delivered, or cancelled (never paid), or refunded. */
export const OrderStage = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('paid'),
    Type.Literal('fulfilled'),
    Type.Literal('shipped'),
    Type.Literal('delivered'),
    Type.Literal('cancelled'),
    Type.Literal('refunded'),
  ],
  { description: 'where the order is: the status machine shoppers and admins follow' },
)
export type OrderStage = Static<typeof OrderStage>

/** One order as checkout knows it (GET admin/orders/:id): its lines with what was refunded, refunds and payment log. */
const StoreCreditPart = Type.Number({
  description: 'the part of amount_paid paid with store credit; the payment provider charged the rest',
})

/** `POST /api/admin/orders/:id/commission/restore`: overrules a withheld commission, saying why. */
export const RestoreCommissionBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) })
export type RestoreCommissionBody = Static<typeof RestoreCommissionBody>

export const OrderDetail = Type.Object({
  id: Id,
  status: Type.Union([Type.Literal('pending'), Type.Literal('completed'), Type.Literal('expired')], {
    description: 'the payment: completed means paid (see stage for what happened since)',
  }),
  stage: OrderStage,
  carrier: Type.Union([Type.String(), Type.Null()]),
  tracking_number: Type.Union([Type.String(), Type.Null()]),
  tracking_url: Type.Union([Type.String(), Type.Null()]),
  timeline: Type.Array(
    Type.Object({
      stage: Type.String(),
      at: Type.String(),
      actor_id: Type.Union([Id, Type.Null()]),
      detail: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  name: Type.String(),
  email: Type.String(),
  code: Type.Union([Type.String(), Type.Null()], {
    description: 'the referral link; null for a shop order without one',
  }),
  ambassador_id: Type.Union([Id, Type.Null()]),
  currency: Type.String(),
  address: Type.String(),
  city: Type.String(),
  zip: Type.String(),
  country: Type.String(),
  amount_paid: Money,
  total: Type.Number({ description: 'the store share: the sum of admin_revenue' }),
  ambassador_revenue: Money,
  refunded: Money,
  subtotal: Money,
  discount: Money,
  coupon_code: Type.Union([Type.String(), Type.Null()]),
  customer_id: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: 'the shopper account the order belongs to, if any' }),
  ),
  attributed_by: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: 'how the order found its ambassador: link, first_click, last_click (the referral cookie) or coupon',
    }),
  ),
  click_id: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'the click that brought it' })),
  commission_withheld: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description:
        'why the ambassador earns nothing on it (their own order): own_account, own_email, own_address or own_card',
    }),
  ),
  commission_restored: Type.Optional(
    Type.Union([Type.Object({ by: Type.String(), at: Type.String(), reason: Type.String() }), Type.Null()], {
      description: 'an admin overruled the withheld commission: who, when and why',
    }),
  ),
  store_credit: StoreCreditPart,
  store_credit_refunded: Type.Number({ description: 'the part of `refunded` that went back to store credit' }),
  payment_provider: Type.String(),
  payment_session_id: Type.Union([Type.String(), Type.Null()]),
  payment_id: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  completed_at: Type.Union([Type.String(), Type.Null()]),
  order_items: Type.Array(
    Type.Object({
      ...OrderItem.properties,
      refunded_quantity: Type.Integer(),
      refunded: Money,
      refunded_ambassador_revenue: Money,
      discount: Money,
      fulfilled_at: Type.Union([Type.String(), Type.Null()], {
        description: 'when the line was packed; null: not yet',
      }),
      fulfilled_by: Type.Union([Id, Type.Null()], { description: 'the admin who packed it' }),
    }),
  ),
  refunds: Type.Array(Refund),
  payment_events: Type.Array(PaymentLogEntry),
  invoice_number: Type.Union([Type.String(), Type.Null()], { description: 'given when the order is paid' }),
  documents: Type.Array(
    Type.Object({
      number: Type.String({ description: 'GET /api/admin/documents/:number for the PDF' }),
      kind: Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')]),
      refund_id: Type.Union([Id, Type.Null()]),
      issued_at: Type.String(),
    }),
  ),
})
export type OrderDetail = Static<typeof OrderDetail>

/** One page of orders, newest first (GET admin/orders?page=): what the web app lists; old clients get the array. */
export const OrderPage = PageOf(Order)

export const UserLinks = Type.Array(Type.Object({ id: Id, code: Type.String(), orders: Type.Array(Order) }))

export const OrdersQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'only the newest `limit` orders' })),
  ...PageQuery.properties,
})

export const SummaryQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'days of daily revenue' })),
})

export const StoreSummary = Type.Object({
  orders: Type.Integer({ description: 'completed orders, all time' }),
  revenue: Money,
  store_revenue: Money,
  commissions: Money,
  daily: Type.Array(
    Type.Object({ date: Type.String({ description: 'UTC day, YYYY-MM-DD' }), orders: Type.Integer(), revenue: Money }),
    { description: 'days with orders, oldest first' },
  ),
  top_ambassadors: Type.Array(
    Type.Object({
      id: Id,
      name: Type.Union([Type.String(), Type.Null()]),
      orders: Type.Integer(),
      revenue: Type.Number({ description: 'commission earned' }),
    }),
  ),
})

export const EmailLogEntry = Type.Object({
  id: Id,
  to: Type.String(),
  subject: Type.String(),
  status: Type.String(),
  created_at: Type.String(),
})

// The shop front (#11)
export const STORE_SORTS = ['relevance', 'newest', 'price_asc', 'price_desc'] as const

export const StoreProductsQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'words to find in titles and descriptions; typos forgiven' }),
  ),
  category: Type.Optional(Type.String({ maxLength: 100, description: 'a category slug' })),
  min_price: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000, description: 'major units' })),
  max_price: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000, description: 'major units' })),
  in_stock: Type.Optional(Type.Boolean()),
  sort: Type.Optional(
    Type.Union(
      STORE_SORTS.map((sort) => Type.Literal(sort)),
      {
        description: 'relevance (the default with q), newest (the default without), price_asc, price_desc',
      },
    ),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
})
export type StoreProductsQuery = Static<typeof StoreProductsQuery>

export const StoreCategory = Type.Object({ slug: Type.String(), name: Type.String() })

export const StoreProduct = Type.Object({
  id: Id,
  slug: Type.String(),
  title: Type.String(),
  description: Type.String(),
  price: Money,
  currency: Type.String(),
  image: Type.String({ description: 'the first picture, or empty' }),
  images: Type.Array(Type.String()),
  categories: Type.Array(StoreCategory),
  in_stock: Type.Boolean(),
})
export type StoreProduct = Static<typeof StoreProduct>

export const StoreProductPage = Type.Object({
  data: Type.Array(StoreProduct),
  total: Type.Integer(),
  page: Type.Integer(),
  last_page: Type.Integer(),
  facets: Type.Object({
    categories: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), count: Type.Integer() }), {
      description: 'categories of the products found with every filter but the category, by count',
    }),
    price: Type.Object(
      { min: Type.Union([Money, Type.Null()]), max: Type.Union([Money, Type.Null()]) },
      { description: 'the price range of the products found with every filter but the price' },
    ),
  }),
})
export type StoreProductPage = Static<typeof StoreProductPage>

export const StoreCategoryList = Type.Array(
  Type.Object({ slug: Type.String(), name: Type.String(), count: Type.Integer({ description: 'active products' }) }),
)

export const StockBody = Type.Object(
  {
    on_hand: Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000_000 }), Type.Null()], {
      description: 'units on the shelf from now on; null stops tracking (never out of stock)',
    }),
  },
  { additionalProperties: false },
)
export const Stock = Type.Object({
  product_id: Id,
  tracked: Type.Boolean(),
  on_hand: Type.Union([Type.Integer(), Type.Null()]),
  reserved: Type.Integer({ description: 'held by orders waiting for their payment' }),
  available: Type.Union([Type.Integer(), Type.Null()]),
})
export type Stock = Static<typeof Stock>
export const StockList = Type.Array(Type.Object({ ...Stock.properties, title: Type.String() }))
export type StockList = Static<typeof StockList>

// The cart (served by checkout: it prices orders and holds stock). Kept by an httpOnly cookie.

export const CartLine = Type.Object({
  product_id: Id,
  slug: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  image: Type.String(),
  price: Money,
  quantity: Type.Integer(),
  line_total: Money,
  discount: Money,
  problem: Type.Union(
    [
      Type.Literal('deleted'),
      Type.Literal('inactive'),
      Type.Literal('out_of_stock'),
      Type.Literal('short'),
      Type.Literal('currency'),
      Type.Null(),
    ],
    {
      description:
        'why the line cannot be bought as it is: deleted (no longer in the catalog), inactive, out_of_stock, short (fewer available than asked: see available), currency (not the cart’s currency); null when it can',
    },
  ),
  available: Type.Union([Type.Integer(), Type.Null()], { description: 'units available when stock is tracked' }),
})
export type CartLine = Static<typeof CartLine>

export const Cart = Type.Object({
  currency: Type.Union([Type.String(), Type.Null()]),
  lines: Type.Array(CartLine),
  item_count: Type.Integer(),
  subtotal: Money,
  discount: Money,
  total: Money,
  coupon: Type.Union([
    Type.Object({
      code: Type.String(),
      description: Type.String(),
      problem: Type.Union([Type.String(), Type.Null()], { description: 'why it no longer applies, if it does not' }),
    }),
    Type.Null(),
  ]),
  referral: Type.Union([Type.Object({ code: Type.String(), ambassador: Type.String() }), Type.Null()]),
})
export type Cart = Static<typeof Cart>

const CartQuantity = Type.Integer({ minimum: 1, maximum: MAX_QUANTITY })
export const CartLineBody = Type.Object({ product_id: Type.String({ maxLength: 64 }), quantity: CartQuantity })
export const CartQuantityBody = Type.Object({ quantity: CartQuantity })
export const ProductIdParams = Type.Object({ product_id: Type.String({ maxLength: 64 }) })
export const CouponCodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) })
export const ReferralBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) })

/** Paying for the cart: who the shopper is and where it goes (the lines, coupon and referral are the cart's). */
export const CartCheckoutBody = Type.Object({
  first_name: Name,
  last_name: Name,
  email: Email,
  address: Text(200),
  country: Text(100),
  city: Text(100),
  zip: Text(20),
  use_store_credit: UseStoreCredit,
})
export type CartCheckoutBody = Static<typeof CartCheckoutBody>

// Coupons (admin; served by checkout)
const CouponFields = {
  kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
  percent: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'percent off (kind percent), at most 2 decimals' }),
  ),
  amount: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description: 'off (kind fixed)' })),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, description: 'of amount and min_order (usd)' })),
  min_order: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1_000_000 }), Type.Null()])),
  starts_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  ends_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  max_uses: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100_000_000 }), Type.Null()])),
  max_uses_per_customer: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()])),
  category_ids: Type.Optional(Type.Array(Id, { maxItems: 100, description: 'only these categories; empty: all' })),
  active: Type.Optional(Type.Boolean()),
}
export const CreateCouponBody = Type.Object({
  code: Type.String({ minLength: 2, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' }),
  ...CouponFields,
})
export type CreateCouponBody = Static<typeof CreateCouponBody>
export const UpdateCouponBody = Type.Partial(Type.Object(CouponFields))
export type UpdateCouponBody = Static<typeof UpdateCouponBody>

export const Coupon = Type.Object({
  id: Id,
  code: Type.String(),
  kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
  percent: Type.Union([Type.Number(), Type.Null()]),
  amount: Type.Union([Money, Type.Null()]),
  currency: Type.String(),
  min_order: Type.Union([Money, Type.Null()]),
  starts_at: Type.Union([Type.String(), Type.Null()]),
  ends_at: Type.Union([Type.String(), Type.Null()]),
  max_uses: Type.Union([Type.Integer(), Type.Null()]),
  max_uses_per_customer: Type.Union([Type.Integer(), Type.Null()]),
  category_ids: Type.Array(Id),
  active: Type.Boolean(),
  used: Type.Integer({ description: 'orders placed with it (paid or waiting for payment)' }),
  created_at: Type.String(),
  ambassador_id: Type.Optional(
    Type.Union([Id, Type.Null()], { description: "a vanity code's ambassador; null for the store's own coupons" }),
  ),
  link_code: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: 'the link a vanity code counts for' }),
  ),
  ambassador_name: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: "a vanity code's ambassador, by name" }),
  ),
})
export type Coupon = Static<typeof Coupon>
export const CouponList = Type.Array(Coupon)

// Vanity codes (#14): an ambassador's own coupon code, crediting them without a click.
export const CreateVanityCodeBody = Type.Object({
  code: Type.String({
    minLength: 3,
    maxLength: 20,
    pattern: '^[A-Za-z0-9]+$',
    description: '3 to 20 letters or digits',
  }),
  discount_percent: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'what customers get off' }),
  commission_given_up_percent: Type.Optional(
    Type.Number({ minimum: 0, maximum: 100, description: 'points of your commission rate that fund it (default 0)' }),
  ),
  link_code: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'your link it counts for (default: your newest)' }),
  ),
})
export type CreateVanityCodeBody = Static<typeof CreateVanityCodeBody>
export const VanityCode = Type.Object({
  id: Id,
  code: Type.String(),
  discount_percent: Type.Number(),
  commission_given_up_percent: Type.Number(),
  link_code: Type.String(),
  active: Type.Boolean(),
  used: Type.Integer({ description: 'orders placed with it' }),
  created_at: Type.String(),
})
export type VanityCode = Static<typeof VanityCode>
export const VanityCodeLimits = Type.Object({
  max_discount_percent: Type.Number({ minimum: 0, maximum: 90 }),
  max_codes_per_ambassador: Type.Integer({ minimum: 0, maximum: 50 }),
})
export type VanityCodeLimits = Static<typeof VanityCodeLimits>

// Fulfilment (admin; served by checkout, which owns orders)
export const FULFILMENT_STAGES = ['fulfilled', 'shipped', 'delivered'] as const
export const ShipBody = Type.Object({
  carrier: Type.String({ minLength: 1, maxLength: 100 }),
  tracking_number: Type.String({ minLength: 1, maxLength: 100 }),
  tracking_url: Type.Optional(Type.String({ format: 'uri', maxLength: 2048, pattern: '^https?://' })),
})
export type ShipBody = Static<typeof ShipBody>
export const FulfilBody = Type.Union(
  [
    Type.Object({
      items: Type.Optional(
        Type.Array(Id, { minItems: 1, maxItems: 500, description: 'order_item ids to pack; absent: every line left' }),
      ),
    }),
    Type.Null(),
  ],
  { description: 'no body, or no items: every line not yet packed (fully refunded lines need none)' },
)
export type FulfilBody = Static<typeof FulfilBody>
export const BulkFulfilmentBody = Type.Object({
  order_ids: Type.Array(Id, { minItems: 1, maxItems: 200 }),
  stage: Type.Union([Type.Literal('fulfilled'), Type.Literal('shipped'), Type.Literal('delivered')]),
  carrier: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  tracking_number: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  shipments: Type.Optional(
    Type.Array(Type.Object({ order_id: Id, ...ShipBody.properties }), {
      maxItems: 200,
      description: 'shipped: each order’s own carrier and tracking number (carrier/tracking_number above: the rest)',
    }),
  ),
})
export type BulkFulfilmentBody = Static<typeof BulkFulfilmentBody>
export const BulkFulfilmentResult = Type.Array(
  Type.Object({
    order_id: Id,
    ok: Type.Boolean(),
    status: Type.Optional(Type.String()),
    error: Type.Optional(Type.String({ description: 'why this order did not move (the others did)' })),
    code: Type.Optional(Type.String({ description: 'the stable code of that refusal, e.g. order_stage' })),
  }),
)
export type BulkFulfilmentResult = Static<typeof BulkFulfilmentResult>

/** The stages with work left for admins: paid (to pack), fulfilled (to ship), shipped (to confirm delivery). */
export const QueueStage = Type.Union([Type.Literal('paid'), Type.Literal('fulfilled'), Type.Literal('shipped')])
export type QueueStage = Static<typeof QueueStage>
export const FulfilmentQueueQuery = Type.Object({
  stage: Type.Optional(QueueStage),
  ...PageQuery.properties,
})
export const FulfilmentQueueOrder = Type.Object({
  id: Id,
  number: Type.String({ description: 'the order number the emails show' }),
  stage: OrderStage,
  name: Type.String(),
  email: Type.String(),
  city: Type.String(),
  country: Type.String(),
  currency: Type.String(),
  amount_paid: Money,
  paid_at: Type.String(),
  lines: Type.Array(
    Type.Object({
      id: Id,
      title: Type.String(),
      quantity: Type.Integer(),
      refunded_quantity: Type.Integer(),
      fulfilled_at: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  carrier: Type.Union([Type.String(), Type.Null()]),
  tracking_number: Type.Union([Type.String(), Type.Null()]),
  tracking_url: Type.Union([Type.String(), Type.Null()]),
})
export type FulfilmentQueueOrder = Static<typeof FulfilmentQueueOrder>
/** GET admin/orders/fulfilment?stage=: one page of the orders at that stage, oldest payment first, and every stage's count. */
export const FulfilmentQueue = Type.Object({
  ...PageOf(FulfilmentQueueOrder).properties,
  counts: Type.Object({ paid: Type.Integer(), fulfilled: Type.Integer(), shipped: Type.Integer() }),
})
export type FulfilmentQueue = Static<typeof FulfilmentQueue>

// Public order tracking (served by checkout): by the number on the order's emails and the email it was placed with
export const TrackQuery = Type.Object({
  order: Type.String({ minLength: 1, maxLength: 20, description: 'the order number the emails show, e.g. 3F9A1C2B' }),
  email: Type.String({ minLength: 3, maxLength: 254 }),
})
export const TrackedOrder = Type.Object({
  number: Type.String(),
  stage: OrderStage,
  placed_at: Type.String(),
  lines: Type.Array(Type.Object({ title: Type.String(), quantity: Type.Integer() })),
  carrier: Type.Union([Type.String(), Type.Null()]),
  tracking_number: Type.Union([Type.String(), Type.Null()]),
  tracking_url: Type.Union([Type.String(), Type.Null()]),
  timeline: Type.Array(
    Type.Object({ stage: Type.String(), at: Type.String(), detail: Type.Union([Type.String(), Type.Null()]) }),
  ),
})
export type TrackedOrder = Static<typeof TrackedOrder>

// A shopper's own orders (served by checkout under /api/store/orders; auth: shopper)
export const ShopperOrderSummary = Type.Object({
  id: Id,
  number: Type.String(),
  stage: OrderStage,
  placed_at: Type.String(),
  currency: Type.String(),
  total: Money,
  item_count: Type.Integer(),
  invoice_number: Type.Union([Type.String(), Type.Null()]),
})
export const ShopperOrder = Type.Object({
  ...ShopperOrderSummary.properties,
  lines: Type.Array(
    Type.Object({ title: Type.String(), quantity: Type.Integer(), price: Money, discount: Money, total: Money }),
  ),
  subtotal: Money,
  discount: Money,
  refunded: Money,
  coupon_code: Type.Union([Type.String(), Type.Null()]),
  store_credit: StoreCreditPart,
  shipping: Type.Object({
    name: Type.String(),
    address: Type.String(),
    city: Type.String(),
    zip: Type.String(),
    country: Type.String(),
  }),
  carrier: Type.Union([Type.String(), Type.Null()]),
  tracking_number: Type.Union([Type.String(), Type.Null()]),
  tracking_url: Type.Union([Type.String(), Type.Null()]),
  timeline: Type.Array(
    Type.Object({ stage: Type.String(), at: Type.String(), detail: Type.Union([Type.String(), Type.Null()]) }),
  ),
})
export type ShopperOrder = Static<typeof ShopperOrder>

// A shopper's saved addresses (served by checkout under /api/store/addresses; auth: shopper)
/** Where an order ships: the recipient and the address, with the checkout bodies' own rules. */
export const ShippingAddress = Type.Omit(CartCheckoutBody, ['email'])
export type ShippingAddress = Static<typeof ShippingAddress>
export const AddressBody = Type.Object({
  ...ShippingAddress.properties,
  is_default: Type.Optional(Type.Boolean({ description: 'true: checkout offers this one first (the default moves)' })),
})
export type AddressBody = Static<typeof AddressBody>
export const SavedAddress = Type.Object({
  id: Id,
  first_name: Type.String(),
  last_name: Type.String(),
  address: Type.String(),
  city: Type.String(),
  zip: Type.String(),
  country: Type.String(),
  is_default: Type.Boolean(),
})
export type SavedAddress = Static<typeof SavedAddress>

// Passkeys (WebAuthn): a second way into a shopper account, under /api/store/passkeys
export const Passkey = Type.Object({
  id: Type.String({ description: 'the credential id, base64url' }),
  name: Type.String(),
  created_at: Type.String(),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
})
export type Passkey = Static<typeof Passkey>
export const PasskeyList = Type.Array(Passkey)
export const PasskeyRemoved = Type.Null({ description: 'removed' })

export const PasskeyIdParams = Type.Object({ id: Type.String({ maxLength: 1024 }) })

const CredentialDescriptor = Type.Object({
  id: Type.String(),
  type: Type.String({ description: 'public-key' }),
  transports: Type.Optional(Type.Array(Type.String())),
})

/**
 * What `navigator.credentials.create()` is asked (PublicKeyCredentialCreationOptionsJSON, optional where WebAuthn
 * says so), for @simplewebauthn/browser's startRegistration.
 */
export const PasskeyRegistrationOptions = Type.Object({
  ceremony_id: Id,
  options: Type.Object({
    challenge: Type.String(),
    rp: Type.Object({ name: Type.String(), id: Type.Optional(Type.String()) }),
    user: Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
    pubKeyCredParams: Type.Array(Type.Object({ alg: Type.Integer(), type: Type.Literal('public-key') })),
    timeout: Type.Optional(Type.Integer()),
    attestation: Type.Optional(Type.String()),
    excludeCredentials: Type.Optional(Type.Array(CredentialDescriptor)),
    authenticatorSelection: Type.Optional(
      Type.Object({
        residentKey: Type.Optional(Type.String()),
        requireResidentKey: Type.Optional(Type.Boolean()),
        userVerification: Type.Optional(Type.String()),
      }),
    ),
    extensions: Type.Optional(Type.Object({ credProps: Type.Optional(Type.Boolean()) })),
    hints: Type.Optional(Type.Array(Type.String())),
  }),
})

/**
 * What `navigator.credentials.get()` is asked (PublicKeyCredentialRequestOptionsJSON) for startAuthentication: no
 * allowCredentials, so the browser offers any passkey of this site.
 */
export const PasskeySignInOptions = Type.Object({
  ceremony_id: Id,
  options: Type.Object({
    challenge: Type.String(),
    rpId: Type.Optional(Type.String()),
    timeout: Type.Optional(Type.Integer()),
    userVerification: Type.Optional(Type.String()),
  }),
})

/**
 * A credential as @simplewebauthn/browser hands it over (RegistrationResponseJSON or AuthenticationResponseJSON):
 * kept loose here, checked field by field by the server's WebAuthn library.
 */
const WebAuthnResponse = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 1024 }),
    rawId: Type.String({ maxLength: 1024 }),
    type: Type.String({ maxLength: 32 }),
    response: Type.Object({ clientDataJSON: Type.String({ maxLength: 4096 }) }, { additionalProperties: true }),
  },
  { additionalProperties: true },
)

export const AddPasskeyBody = Type.Object({
  ceremony_id: Type.String({ maxLength: 64 }),
  response: WebAuthnResponse,
  name: Type.Optional(Type.String({ maxLength: 60, description: 'how the shopper will recognise it ("Work laptop")' })),
})
export type AddPasskeyBody = Static<typeof AddPasskeyBody>

export const PasskeySignInBody = Type.Object({
  ceremony_id: Type.String({ maxLength: 64 }),
  response: WebAuthnResponse,
})
export type PasskeySignInBody = Static<typeof PasskeySignInBody>

// The commission ledger (#13; served by ambassador): balances are sums of append-only entries
export const LedgerBalances = Type.Object({
  currency: Type.String(),
  /** Earned but still refundable (within the hold). */
  pending: Money,
  /** Past the hold; may be below zero while a refund after approval waits to be netted. */
  approved: Money,
  paid: Money,
  /** Taken from approved by payout requests not paid yet (or returned). */
  processing: Money,
  /** What a payout could take now: the approved balance (nothing while it is below zero). */
  available: Money,
  /** The smallest payout that may be requested. */
  payout_minimum: Money,
})
export type LedgerBalances = Static<typeof LedgerBalances>

export const LedgerEntry = Type.Object({
  id: Id,
  kind: Type.Union([
    Type.Literal('accrual'),
    Type.Literal('approval'),
    Type.Literal('reversal'),
    Type.Literal('adjustment'),
    Type.Literal('payout'),
  ]),
  currency: Type.String(),
  /** Signed moves of each balance. */
  pending: Money,
  approved: Money,
  processing: Money,
  paid: Money,
  order_id: Type.Union([Id, Type.Null()], { description: 'null for an entry about no order (an adjustment)' }),
  order_item_id: Type.Union([Id, Type.Null()]),
  rate_basis_points: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  /** The payout a payout entry is a step of: requested, paid, or returned to approved. */
  payout_id: Type.Union([Id, Type.Null()]),
  /** The rule that set the rate, 'manual' for an adjustment, the step for a payout entry. */
  rule: Type.String(),
  occurred_at: Type.String(),
})
export type LedgerEntry = Static<typeof LedgerEntry>

export const LedgerEntryPage = PageOf(LedgerEntry)
export type LedgerEntryPage = Static<typeof LedgerEntryPage>

/** `POST /api/admin/ambassadors/:id/ledger/adjustments`: moves the approved balance by `amount` (negative: a debit). */
export const LedgerAdjustmentBody = Type.Object({
  amount: Type.Number({ description: 'major units, not 0, at most 2 decimals, at most 100000 either way' }),
  reason: Type.String({ minLength: 3, maxLength: 500, description: 'why; the ambassador sees it' }),
})
export type LedgerAdjustmentBody = Static<typeof LedgerAdjustmentBody>

export const PayoutMethod = Type.Union(
  [Type.Literal('paypal'), Type.Literal('wise'), Type.Literal('stripe_connect'), Type.Literal('store_credit')],
  {
    description:
      'paypal and wise: paid from a CSV the admin uploads there; stripe_connect: a transfer to a connected account; store_credit: paid at once into the store credit wallet',
  },
)
export type PayoutMethod = Static<typeof PayoutMethod>

/** Where an ambassador's payouts go: `GET`/`PUT /api/ambassador/payout-details`. */
export const PayoutDetails = Type.Object({
  method: PayoutMethod,
  email: Type.Optional(Type.Union([Email, Type.Null()], { description: 'the PayPal or Wise account email' })),
  account_holder: Type.Optional(
    Type.Union([Type.String({ maxLength: 140 }), Type.Null()], { description: 'the name on the Wise account' }),
  ),
  stripe_account_id: Type.Optional(
    Type.Union([Type.String({ maxLength: 255 }), Type.Null()], { description: 'the connected account, acct_…' }),
  ),
})
export type PayoutDetails = Static<typeof PayoutDetails>

export const PayoutDetailsAnswer = Type.Object({ details: Type.Union([PayoutDetails, Type.Null()]) })
export type PayoutDetailsAnswer = Static<typeof PayoutDetailsAnswer>

export const PayoutStatus = Type.Union([
  Type.Literal('requested'),
  Type.Literal('approved'),
  Type.Literal('paid'),
  Type.Literal('returned'),
])
export type PayoutStatus = Static<typeof PayoutStatus>

export const Payout = Type.Object({
  id: Id,
  ambassador_id: Id,
  ambassador_name: Type.String(),
  amount: Money,
  currency: Type.String(),
  method: PayoutMethod,
  /** Where it goes, as it was when requested: the account email, or the connected Stripe account. */
  destination: Type.String(),
  status: PayoutStatus,
  batch_id: Type.Union([Id, Type.Null()]),
  reference: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  requested_at: Type.String(),
  approved_at: Type.Union([Type.String(), Type.Null()]),
  paid_at: Type.Union([Type.String(), Type.Null()]),
  returned_at: Type.Union([Type.String(), Type.Null()]),
})
export type Payout = Static<typeof Payout>

export const PayoutPage = PageOf(Payout)
export type PayoutPage = Static<typeof PayoutPage>

/** `POST /api/ambassador/payouts`: the amount, or the whole available balance when left out. */
export const PayoutRequestBody = Type.Object({
  amount: Type.Optional(
    Type.Number({ description: 'major units, at least PAYOUT_MINIMUM, at most what is available' }),
  ),
})
export type PayoutRequestBody = Static<typeof PayoutRequestBody>

export const PayoutQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(PayoutStatus),
})
export type PayoutQuery = Static<typeof PayoutQuery>

/** `POST /api/admin/payouts/batches`: requested payouts of one method, approved together. */
export const PayoutBatchBody = Type.Object({
  payout_ids: Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true }),
})
export type PayoutBatchBody = Static<typeof PayoutBatchBody>

export const PayoutBatch = Type.Object({
  id: Id,
  method: PayoutMethod,
  currency: Type.String(),
  total: Money,
  count: Type.Integer(),
  status: Type.Union([Type.Literal('approved'), Type.Literal('paid')]),
  created_at: Type.String(),
  exported_at: Type.Union([Type.String(), Type.Null()]),
  paid_at: Type.Union([Type.String(), Type.Null()]),
  payouts: Type.Array(Payout),
})
export type PayoutBatch = Static<typeof PayoutBatch>

export const PayoutBatchPage = PageOf(PayoutBatch)
export type PayoutBatchPage = Static<typeof PayoutBatchPage>

/** `POST /api/admin/payouts/batches/:id/transfers`: the batch after its transfers, and the ones refused. */
export const PayoutTransferResult = Type.Object({
  batch: PayoutBatch,
  failures: Type.Array(Type.Object({ payout_id: Id, message: Type.String() })),
})
export type PayoutTransferResult = Static<typeof PayoutTransferResult>

/** `POST /api/admin/payouts/batches/:id/paid`: the batch went out (e.g. the CSV was paid at PayPal or Wise). */
export const PayoutBatchPaidBody = Type.Object({
  reference: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: "the provider's batch id, kept on each payout" }),
  ),
})
export type PayoutBatchPaidBody = Static<typeof PayoutBatchPaidBody>

export const WalletEntry = Type.Object({
  id: Id,
  kind: Type.Union(
    [
      Type.Literal('deposit'),
      Type.Literal('debit'),
      Type.Literal('commission'),
      Type.Literal('spend'),
      Type.Literal('release'),
      Type.Literal('refund'),
      Type.Literal('top_up'),
    ],
    {
      description:
        "an admin's deposit or debit; commission moved into store credit; spent on an order, given back when the order expired unpaid, or returned by a refund",
    },
  ),
  /** The order a spend, release or refund is about. */
  order_id: Type.Union([Id, Type.Null()]),
  /** Signed: what the entry added (+) or took (−). */
  amount: Money,
  currency: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  occurred_at: Type.String(),
})
export type WalletEntry = Static<typeof WalletEntry>

/** A user's store credit: the balance (the sum of the entries) and the newest entries. */
export const Wallet = Type.Object({
  user_id: Id,
  currency: Type.String(),
  balance: Money,
  entries: Type.Array(WalletEntry, { description: 'the newest 50, newest first' }),
})
export type Wallet = Static<typeof Wallet>

/** Store credit bought through the payment provider: pay at `url`; the credit arrives once the provider says paid. */
export const TopUp = Type.Object({
  id: Id,
  amount: Money,
  currency: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('paid'), Type.Literal('expired')]),
  /** The provider's page to pay on (only when the top-up is started). */
  url: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  paid_at: Type.Union([Type.String(), Type.Null()]),
})
export type TopUp = Static<typeof TopUp>

/** `POST /api/store/wallet/top-ups`: how much store credit to buy (1.00 to 1000.00). */
export const TopUpBody = Type.Object({ amount: Type.Number({ description: 'major units, at most 2 decimals' }) })
export type TopUpBody = Static<typeof TopUpBody>

/** `POST /api/store/wallet/top-ups/confirm`: the payment session the provider sent the shopper back from. */
export const TopUpConfirmBody = Type.Object({ source: Type.String({ minLength: 1, maxLength: 300 }) })
export type TopUpConfirmBody = Static<typeof TopUpConfirmBody>

/** `POST /api/admin/users/:id/wallet/deposits`: a credit (positive) or a debit (negative) of store credit. */
export const WalletDepositBody = Type.Object({
  amount: Type.Number({ description: 'major units, not 0, at most 2 decimals, at most 100000 either way' }),
  reason: Type.String({ minLength: 3, maxLength: 500, description: 'why; the user sees it' }),
})
export type WalletDepositBody = Static<typeof WalletDepositBody>

/** `POST /api/admin/payouts/:id/return`: a payout not paid goes back to the ambassador's approved balance. */
export const PayoutReturnBody = Type.Object({
  reason: Type.String({ minLength: 3, maxLength: 500, description: 'why; the ambassador sees it' }),
})
export type PayoutReturnBody = Static<typeof PayoutReturnBody>

// Commission rules (#13; managed in admin, evaluated by checkout when an order is placed, frozen on the line)
const CommissionRuleKind = Type.Union([Type.Literal('product'), Type.Literal('category'), Type.Literal('tier')])
const Percent = Type.Number({ minimum: 0, maximum: 100, description: 'percent, at most 2 decimals (15.5 = 15.5%)' })

export const CommissionRule = Type.Object({
  id: Id,
  kind: CommissionRuleKind,
  label: Type.String(),
  rate: Percent,
  product_id: Type.Union([Id, Type.Null()]),
  category_id: Type.Union([Id, Type.Null()]),
  ambassador_id: Type.Union([Id, Type.Null()], { description: 'a tier for one ambassador; null: for all' }),
  threshold: Type.Union([Money, Type.Null()], { description: 'a tier: sales this UTC month that reach it' }),
  currency: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String(),
})
export type CommissionRule = Static<typeof CommissionRule>

export const CommissionRuleList = Type.Object({
  /** The store's default rate (COMMISSION_RATE), used when no rule applies. */
  default_rate: Percent,
  rules: Type.Array(CommissionRule),
})
export type CommissionRuleList = Static<typeof CommissionRuleList>

export const CommissionRuleBody = Type.Object({
  kind: CommissionRuleKind,
  label: Type.Optional(Type.String({ maxLength: 100 })),
  rate: Percent,
  product_id: Type.Optional(Id),
  category_id: Type.Optional(Id),
  ambassador_id: Type.Optional(Type.Union([Id, Type.Null()])),
  threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, description: 'of threshold (usd)' })),
})
export type CommissionRuleBody = Static<typeof CommissionRuleBody>

/** A rule's kind and what it is for stay; its label, rate, threshold and (a tier's) ambassador may change. */
export const CommissionRulePatchBody = Type.Object({
  label: Type.Optional(Type.String({ maxLength: 100 })),
  rate: Type.Optional(Percent),
  ambassador_id: Type.Optional(Type.Union([Id, Type.Null()])),
  threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
})
export type CommissionRulePatchBody = Static<typeof CommissionRulePatchBody>

export const OrderItemIdParams = Type.Object({ order_item_id: Type.String({ maxLength: 64 }) })

/** `GET …/commissions/:order_item_id/explain`: why a line earned what it did, and what happened to it since. */
export const CommissionExplanation = Type.Object({
  order_item_id: Id,
  order_id: Id,
  ambassador_id: Id,
  currency: Type.String(),
  rate: Type.Union([Percent, Type.Null()], { description: 'null: the order predates frozen rates' }),
  rule: Type.Object({
    kind: Type.String({ description: 'default, product, category or tier' }),
    id: Type.Union([Id, Type.Null()]),
    label: Type.String(),
  }),
  detail: Type.Record(Type.String(), Type.Unknown()),
  /** One sentence: "15% — your monthly tier: $1,240.00 of sales this month, over $1,000.00". */
  why: Type.String(),
  earned: Money,
  /** What is left of it after refunds. */
  net: Money,
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved')]),
  /** When a pending line's hold passes (from delivery, else payment); null once approved. */
  matures_at: Type.Union([Type.String(), Type.Null()]),
  timeline: Type.Array(
    Type.Object({
      kind: Type.String(),
      at: Type.String(),
      amount: Money,
      text: Type.String(),
    }),
  ),
})
export type CommissionExplanation = Static<typeof CommissionExplanation>

// Leaderboards on approved net commission (#13)
export const LeaderboardPeriod = Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('all')], {
  description: 'week (ISO, from Monday 00:00 UTC), month (calendar month, UTC) or all (all time)',
})
export type LeaderboardPeriod = Static<typeof LeaderboardPeriod>

/** `?period=&limit=` of `GET /api/ambassador/leaderboard` and `GET /api/admin/leaderboard`. */
export const LeaderboardQuery = Type.Object({
  period: Type.Optional({ ...LeaderboardPeriod, default: 'week' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'rows on the board' })),
})
export type LeaderboardQuery = Static<typeof LeaderboardQuery>

const LeaderboardFields = {
  /** Equal amounts share a rank (1, 2, 2, 4); rows of one rank are ordered by name, then id. */
  rank: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  /** Approved net commission in the period: approvals, less reversals after approval, plus adjustments. */
  amount: Money,
}
const LeaderboardFrame = {
  period: LeaderboardPeriod,
  currency: Type.String(),
  /** The period's first moment and the moment after its last (UTC ISO); null for all time. */
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  /** How many ambassadors have a non-zero approved net commission in the period (the board's full length). */
  ranked: Type.Integer(),
}

export const AmbassadorLeaderboardRow = Type.Object({ ...LeaderboardFields, you: Type.Boolean() })
export type AmbassadorLeaderboardRow = Static<typeof AmbassadorLeaderboardRow>

/** The ambassador's view: the top `limit`, and their own row even when it is below (null: not on the board). */
export const AmbassadorLeaderboard = Type.Object({
  ...LeaderboardFrame,
  rows: Type.Array(AmbassadorLeaderboardRow),
  you: Type.Union([Type.Object(LeaderboardFields), Type.Null()]),
})
export type AmbassadorLeaderboard = Static<typeof AmbassadorLeaderboard>

export const AdminLeaderboard = Type.Object({
  ...LeaderboardFrame,
  rows: Type.Array(Type.Object({ ...LeaderboardFields, ambassador_id: Id })),
})
export type AdminLeaderboard = Static<typeof AdminLeaderboard>

// Clicks (#14): what an ambassador's links brought, per day, source, country and link.
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'UTC day, YYYY-MM-DD' })

/** `?link=&from=&to=` of the click stats: one link of the ambassador's (by code) or all; UTC days, both included. */
export const ClickStatsQuery = Type.Object({
  link: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only this link (its code)' })),
  from: Type.Optional({ ...Day, description: 'first UTC day (default: 29 days before `to`)' }),
  to: Type.Optional({ ...Day, description: 'last UTC day (default: today); at most 366 days from `from`' }),
})
export type ClickStatsQuery = Static<typeof ClickStatsQuery>

const ClickFigures = {
  /** Opens of the links by people (bots, HEAD requests and prefetches are not counted). */
  clicks: Type.Integer(),
  /** Different visitors among them (by a keyed hash of address and browser). */
  unique_visitors: Type.Integer(),
  /** Completed orders credited to the links (by the day they completed). */
  orders: Type.Integer(),
  /** orders ÷ clicks, 4 decimals (0 without clicks; above 1 when orders came without a recorded click). */
  conversion_rate: Type.Number(),
  /** What those orders' customers paid, net of refunds. */
  revenue: Money,
  /** The ambassador's commission on them, net of refunds. */
  commission: Money,
}
export const ClickFiguresRow = Type.Object(ClickFigures)
export type ClickFiguresRow = Static<typeof ClickFiguresRow>

export const ClickStats = Type.Object({
  from: Day,
  to: Day,
  /** The link the stats are limited to (its code), or null for all the ambassador's links. */
  link: Type.Union([Type.String(), Type.Null()]),
  totals: ClickFiguresRow,
  /** Every day of the range, oldest first, days without clicks or orders included. */
  by_day: Type.Array(Type.Object({ date: Day, ...ClickFigures })),
  /** By `utm_source` (null: none given, or an order without a recorded click); most clicks first. */
  by_source: Type.Array(Type.Object({ source: Type.Union([Type.String(), Type.Null()]), ...ClickFigures })),
  /** By the visitor's country (ISO alpha-2; null: unknown); most clicks first. */
  by_country: Type.Array(Type.Object({ country: Type.Union([Type.String(), Type.Null()]), ...ClickFigures })),
  /** Every link (only the one asked for, with `link`), newest first, zeros included. */
  by_link: Type.Array(Type.Object({ link_id: Id, code: Type.String(), ...ClickFigures })),
})
export type ClickStats = Static<typeof ClickStats>

/** `?days=` of the links to review: the last 1 to 90 days (default 7). */
export const LinkFlagsQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 7 })),
})
export type LinkFlagsQuery = Static<typeof LinkFlagsQuery>

/** A link whose clicks or orders look unusual, with what does. */
export const LinkFlags = Type.Object({
  link_id: Id,
  code: Type.String(),
  ambassador_id: Id,
  ambassador_name: Type.Union([Type.String(), Type.Null()]),
  clicks: Type.Integer(),
  unique_visitors: Type.Integer(),
  orders: Type.Integer(),
  flags: Type.Array(
    Type.Object({
      kind: Type.Union([
        Type.Literal('repeat_clicks'),
        Type.Literal('conversion_spike'),
        Type.Literal('orders_without_clicks'),
      ]),
      text: Type.String(),
    }),
  ),
})
export type LinkFlags = Static<typeof LinkFlags>

/** How the click recorder of the process that answers is doing since it started. */
export const ClickHealth = Type.Object({
  tracking: Type.Boolean({ description: 'CLICK_TRACKING' }),
  queued: Type.Integer(),
  capacity: Type.Integer(),
  recorded: Type.Integer(),
  unknown_code: Type.Integer({ description: 'clicks of codes no link has, not stored' }),
  dropped: Type.Integer({ description: 'clicks not queued because the queue was full' }),
  failed: Type.Integer({ description: 'clicks lost because their batch could not be written' }),
})
export type ClickHealth = Static<typeof ClickHealth>
