import { randomUUID } from 'node:crypto'
import type { OrderCompletedData, UserData } from '@ambassador/contracts/events'
import { splitCommission } from '@ambassador/kit/money/money'

/** A user as the users service announces it. */
export function userData(role: UserData['role'], first: string, email: string, id = randomUUID()): UserData {
  return { id, first_name: first, last_name: 'Tester', email, role }
}

/** A completed order as checkout announces it: 2 × Widget and 1 × Gadget at $19.99, 10% commission per line. */
export function completedOrder(ambassadorId: string, overrides: Partial<OrderCompletedData> = {}): OrderCompletedData {
  const lines = [
    { title: 'Widget', price: 1999, quantity: 2 },
    { title: 'Gadget', price: 1999, quantity: 1 },
  ]
  const items = lines.map((line) => {
    const split = splitCommission(line.price * line.quantity, 1000)
    return {
      id: randomUUID(),
      product_id: randomUUID(),
      product_title: line.title,
      price_minor: line.price,
      quantity: line.quantity,
      admin_revenue_minor: split.adminMinor,
      ambassador_revenue_minor: split.ambassadorMinor,
    }
  })
  const sum = (pick: (item: (typeof items)[number]) => number) => items.reduce((total, item) => total + pick(item), 0)
  return {
    id: randomUUID(),
    link_id: randomUUID(),
    code: 'abc123',
    ambassador_id: ambassadorId,
    first_name: 'Charles',
    last_name: 'Babbage',
    email: 'charles@example.com',
    address: '1 Engine Street',
    country: 'UK',
    city: 'London',
    zip: 'N1 1AA',
    currency: 'USD',
    total_minor: sum((i) => i.price_minor * i.quantity),
    admin_revenue_minor: sum((i) => i.admin_revenue_minor),
    ambassador_revenue_minor: sum((i) => i.ambassador_revenue_minor),
    items,
    completed_at: new Date().toISOString(),
    ...overrides,
  }
}
