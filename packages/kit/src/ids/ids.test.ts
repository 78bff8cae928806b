import { validate, version } from 'uuid'
import { describe, expect, it } from 'vitest'
import { newId } from './ids.ts'

describe('newId', () => {
  it('makes valid uuid v7s that sort in the order they were made, never twice the same', () => {
    const ids = Array.from({ length: 5_000 }, () => newId())
    for (const id of ids.slice(0, 300)) {
      expect(validate(id)).toBe(true)
      expect(version(id)).toBe(7)
    }
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('starts with the current time in milliseconds', () => {
    const before = Date.now()
    const id = newId()
    const after = Date.now()
    const msecs = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)
    expect(msecs).toBeGreaterThanOrEqual(before)
    expect(msecs).toBeLessThanOrEqual(after)
  })
})
