export type {
  Category,
  Coupon,
  CreateCouponBody,
  Order,
  OrderItem,
  Product,
  ProductBody,
  UpdateCouponBody,
} from '@ambassador/contracts/http'

/** A product's stock as checkout counts it (the contract's `Stock`, which exports no type of its own). */
export type Stock = {
  product_id: string
  tracked: boolean
  on_hand: number | null
  /** held by orders waiting for their payment */
  reserved: number
  available: number | null
}

/** A line of `GET /api/admin/inventory` (the contract's `StockList`): tracked products only. */
export type StockLine = Stock & { title: string }
