export type {
  Category,
  Coupon,
  CreateCouponBody,
  Order,
  OrderItem,
  Product,
  ProductBody,
  Stock,
  UpdateCouponBody,
} from '@ambassador/contracts/http'

import type { StockList } from '@ambassador/contracts/http'

/** A line of `GET /api/admin/inventory`: tracked products only. */
export type StockLine = StockList[number]
