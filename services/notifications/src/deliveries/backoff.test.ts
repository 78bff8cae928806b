import { describe, expect, it } from 'vitest'
import { MAX_RETRY_AFTER_MS, MAX_RETRY_DELAY_MS, retryAfterMs, retryDelayMs } from './backoff.ts'

describe('retryDelayMs', () => {
  it('doubles from 30 s after each failed attempt', () => {
    const middle = () => 0.5
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, middle))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000,
    ])
  })

  it('spreads each wait by ±20% with its random factor', () => {
    expect(retryDelayMs(3, () => 0)).toBe(96_000)
    expect(retryDelayMs(3, () => 1)).toBe(144_000)
  })

  it('never waits more than 6 hours (plus jitter), however many attempts failed', () => {
    expect(retryDelayMs(40, () => 0.5)).toBe(MAX_RETRY_DELAY_MS)
    expect(retryDelayMs(40, () => 1)).toBe(MAX_RETRY_DELAY_MS * 1.2)
  })
})

describe('retryAfterMs', () => {
  const now = new Date('2026-03-02T09:00:00.000Z')
  it.each([
    ['120', 120_000],
    ['Mon, 02 Mar 2026 09:05:00 GMT', 300_000],
    ['999999', MAX_RETRY_AFTER_MS],
    ['0', undefined],
    ['soon', undefined],
    ['Mon, 02 Mar 2026 08:00:00 GMT', undefined],
    [null, undefined],
  ])('reads %s as %s ms', (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected)
  })
})
