import { randomUUID } from 'node:crypto'
import type { OrderCompletedData, UserData } from '@ambassador/contracts/events'
import { completedOrderData } from '@ambassador/kit/testing/events'

/** A user as the users service announces it. */
export function userData(role: UserData['role'], first: string, email: string, id = randomUUID()): UserData {
  return { id, first_name: first, last_name: 'Tester', email, role }
}

/** A completed order as checkout announces it: 2 × Widget and 1 × Gadget at $19.99, 10% commission per line. */
export function completedOrder(ambassadorId: string, overrides: Partial<OrderCompletedData> = {}): OrderCompletedData {
  const lines = [
    { title: 'Widget', price_minor: 1999, quantity: 2 },
    { title: 'Gadget', price_minor: 1999, quantity: 1 },
  ]
  return completedOrderData({ ambassadorId, lines }, overrides)
}
