import { describe, expect, it } from 'vitest'
import { formatMoment } from './dates.ts'

describe('formatMoment', () => {
  const now = new Date('2026-11-23T12:00:00')

  it('leaves out the year and the seconds for a moment this year', () => {
    const text = formatMoment('2026-11-23T21:10:15', now)
    expect(text).toContain('Nov')
    expect(text).toContain('23')
    expect(text).not.toContain('2026')
    expect(text).not.toContain(':15')
  })

  it('names the year of a moment from another year', () => {
    expect(formatMoment('2025-01-02T08:00:00', now)).toContain('2025')
  })

  it('shows nothing rather than "Invalid Date"', () => {
    expect(formatMoment('not a date', now)).toBe('')
  })
})
