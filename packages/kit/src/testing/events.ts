import type { OrderCompletedData, UserData } from '@ambassador/contracts/events'
import { newId } from '../ids/ids.ts'
import { splitCommission } from '../money/money.ts'

export type TestOrderLine = { product_id?: string; title: string; price_minor: number; quantity: number }

/**
 * Test data: a completed order exactly as checkout announces it, each line split with `splitCommission`
 * (10% by default), so the totals add up the way real orders do.
 */
export function completedOrderData(
  input: { ambassadorId: string; linkId?: string; code?: string; lines: TestOrderLine[]; rateBasisPoints?: number },
  overrides: Partial<OrderCompletedData> = {},
): OrderCompletedData {
  const items = input.lines.map((line) => {
    const split = splitCommission(line.price_minor * line.quantity, input.rateBasisPoints ?? 1000)
    return {
      id: newId(),
      product_id: line.product_id ?? newId(),
      product_title: line.title,
      price_minor: line.price_minor,
      quantity: line.quantity,
      admin_revenue_minor: split.adminMinor,
      ambassador_revenue_minor: split.ambassadorMinor,
    }
  })
  const sum = (pick: (item: (typeof items)[number]) => number) => items.reduce((total, item) => total + pick(item), 0)
  return {
    id: newId(),
    link_id: input.linkId ?? newId(),
    code: input.code ?? 'abc123',
    ambassador_id: input.ambassadorId,
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

/** Test data: a user as the users service announces them, an ambassador unless told otherwise. */
export function userData(overrides: Partial<UserData> = {}): UserData {
  const id = overrides.id ?? newId()
  return {
    id,
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: `user-${id}@example.com`,
    role: 'ambassador',
    ...overrides,
  }
}
