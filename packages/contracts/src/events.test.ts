import { describe, expect, it } from 'vitest'
import { STREAMS, streamOf } from './events.ts'

describe('event streams', () => {
  it('lists the streams the event types travel on (a new one is a decision, not an accident): brokers create these', () => {
    expect([...STREAMS].sort()).toEqual([
      'links',
      'notifications',
      'operations',
      'orders',
      'payouts',
      'products',
      'users',
      'wallets',
    ])
  })

  it('keeps the catalog’s neighbours on the products stream, so they follow the products they name', () => {
    expect(streamOf('category.created')).toBe('products')
    expect(streamOf('inventory.changed')).toBe('products')
    expect(streamOf('commission_rule.updated')).toBe('products')
    expect(streamOf('webhook.endpoint_disabled')).toBe('notifications')
    expect(streamOf('dead_letter.parked')).toBe('operations')
  })
})
