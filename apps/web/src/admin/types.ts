export type OrderItem = {
  id: string
  product_title: string
  price: number
  quantity: number
  admin_revenue: number
  ambassador_revenue: number
}
export type Order = {
  id: string
  name: string
  email: string
  total: number
  code?: string
  amount_paid?: number
  ambassador_revenue?: number
  completed_at?: string
  order_items: OrderItem[]
}
