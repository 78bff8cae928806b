export type { Order, OrderItem } from '@ambassador/contracts/http'
