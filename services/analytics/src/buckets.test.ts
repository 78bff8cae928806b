import { describe, expect, it } from 'vitest'
import { bucketCount, bucketsBetween, fillBuckets, periodOf, utcDay } from './buckets.ts'

describe('UTC buckets', () => {
  it('puts a moment on its UTC day, whatever the offset it was written with', () => {
    expect(utcDay('2026-03-15T23:59:59.999Z')).toBe('2026-03-15')
    expect(utcDay('2026-03-16T00:00:00.000Z')).toBe('2026-03-16')
    expect(utcDay('2026-03-16T01:30:00+02:00')).toBe('2026-03-15')
  })

  it('starts a week on Monday and a month on the 1st', () => {
    expect(periodOf('2026-03-15', 'week')).toBe('2026-03-09') // a Sunday belongs to the week before
    expect(periodOf('2026-03-16', 'week')).toBe('2026-03-16') // a Monday starts its own
    expect(periodOf('2026-01-01', 'week')).toBe('2025-12-29') // a week across the new year
    expect(periodOf('2026-02-28', 'month')).toBe('2026-02-01')
    expect(periodOf('2026-03-01', 'month')).toBe('2026-03-01')
    expect(periodOf('2026-03-01', 'day')).toBe('2026-03-01')
  })

  it('lists every bucket of a range, the first and last cut to the range', () => {
    expect(bucketsBetween('2026-03-11', '2026-03-24', 'week')).toEqual([
      { period: '2026-03-09', start: '2026-03-11', end: '2026-03-15' },
      { period: '2026-03-16', start: '2026-03-16', end: '2026-03-22' },
      { period: '2026-03-23', start: '2026-03-23', end: '2026-03-24' },
    ])
    expect(bucketsBetween('2024-01-31', '2024-03-01', 'month')).toEqual([
      { period: '2024-01-01', start: '2024-01-31', end: '2024-01-31' },
      { period: '2024-02-01', start: '2024-02-01', end: '2024-02-29' }, // a leap year
      { period: '2024-03-01', start: '2024-03-01', end: '2024-03-01' },
    ])
    expect(bucketsBetween('2026-03-01', '2026-03-03', 'day').map((b) => b.period)).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
    ])
  })

  it('counts buckets without listing them, the same as listing them', () => {
    for (const [from, to] of [
      ['2026-03-11', '2026-03-24'],
      ['2025-12-31', '2026-01-01'],
      ['2020-02-29', '2026-11-28'],
    ] as const) {
      for (const interval of ['day', 'week', 'month'] as const) {
        expect(bucketCount(from, to, interval)).toBe(bucketsBetween(from, to, interval).length)
      }
    }
  })

  it('adds days into their buckets and fills the gaps with zeros', () => {
    const buckets = bucketsBetween('2026-03-01', '2026-03-31', 'week')
    const rows = [
      { day: '2026-03-01', users: 2 }, // Sunday: the week of 23 February
      { day: '2026-03-02', users: 1 },
      { day: '2026-03-08', users: 4 },
      { day: '2026-03-30', users: 3 },
    ]
    expect(fillBuckets(buckets, 'week', rows, ['users']).map((b) => [b.period, b.users])).toEqual([
      ['2026-02-23', 2],
      ['2026-03-02', 5],
      ['2026-03-09', 0],
      ['2026-03-16', 0],
      ['2026-03-23', 0],
      ['2026-03-30', 3],
    ])
  })
})
