/**
 * Every event the services exchange: its type name and the shape of its data. Money is integer minor units.
 * Adding a field is compatible; renaming or removing one needs a new `version`.
 */
export type Role = 'admin' | 'ambassador'

export type UserData = {
  id: string
  first_name: string
  last_name: string
  email: string
  role: Role
}

export type ProductData = {
  id: string
  title: string
  description: string
  image: string
  price_minor: number
  currency: string
}

export type LinkData = {
  id: string
  code: string
  user_id: string
  product_ids: string[]
  created_at: string
}

export type OrderItemData = {
  id: string
  product_id: string
  product_title: string
  price_minor: number
  quantity: number
  admin_revenue_minor: number
  ambassador_revenue_minor: number
}

export type OrderCompletedData = {
  id: string
  link_id: string
  code: string
  ambassador_id: string
  first_name: string
  last_name: string
  email: string
  address: string
  country: string
  city: string
  zip: string
  currency: string
  total_minor: number
  admin_revenue_minor: number
  ambassador_revenue_minor: number
  items: OrderItemData[]
  completed_at: string
}

export type EventMap = {
  'user.registered': UserData
  'user.updated': UserData
  'product.created': ProductData
  'product.updated': ProductData
  'product.deleted': { id: string }
  'link.created': LinkData
  'order.completed': OrderCompletedData
}

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
  }
}[T]

/** The stream (Kafka topic) an event belongs to: its aggregate. */
export function streamOf(type: EventType): string {
  const aggregate = type.slice(0, type.indexOf('.'))
  return `${aggregate}s`
}
