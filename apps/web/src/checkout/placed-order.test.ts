import { describe, expect, it } from 'vitest'
import { type PlacedOrder, recallPlacedOrder, rememberPlacedOrder } from './placed-order.ts'

function memoryStorage(): Storage {
  const items = new Map<string, string>()
  return {
    get length() {
      return items.size
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  }
}

const order: PlacedOrder = {
  code: 'abc123',
  ambassador: 'Grace Hopper',
  email: 'charles@example.com',
  totalCents: 2500,
  lines: ['Trail Mug × 2'],
}

describe('the placed order remembered for the success page', () => {
  it('comes back for the payment session it was remembered under, and only for that one', () => {
    const storage = memoryStorage()
    rememberPlacedOrder('cs_1', order, storage)
    expect(recallPlacedOrder('cs_1', storage)).toEqual(order)
    expect(recallPlacedOrder('cs_2', storage)).toBeUndefined()
  })

  it('is nothing, not an error, when what is stored is not an order', () => {
    const storage = memoryStorage()
    storage.setItem('ambassador.placed-order.cs_1', '{not json')
    storage.setItem('ambassador.placed-order.cs_2', '{"code": 5}')
    expect(recallPlacedOrder('cs_1', storage)).toBeUndefined()
    expect(recallPlacedOrder('cs_2', storage)).toBeUndefined()
  })

  it('is forgotten quietly when the browser refuses to store it', () => {
    const full = {
      ...memoryStorage(),
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    } as Storage
    expect(() => rememberPlacedOrder('cs_1', order, full)).not.toThrow()
  })
})
