import { describe, expect, it } from 'vitest'
import { EVENT_SCHEMAS, type EventType, STREAMS, streamOf } from './events.ts'

describe('event streams', () => {
  it('lists every stream an event type travels on, each once: brokers create exactly these', () => {
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
    for (const type of Object.keys(EVENT_SCHEMAS) as EventType[]) expect(STREAMS).toContain(streamOf(type))
  })

  it('keeps the catalog’s neighbours on the products stream, so they follow the products they name', () => {
    expect(streamOf('category.created')).toBe('products')
    expect(streamOf('inventory.changed')).toBe('products')
    expect(streamOf('commission_rule.updated')).toBe('products')
    expect(streamOf('webhook.endpoint_disabled')).toBe('notifications')
    expect(streamOf('dead_letter.parked')).toBe('operations')
  })
})
