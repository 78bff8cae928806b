import { describe, expect, it } from 'vitest'
import { conversionText, periodStart } from './click-stats.tsx'

describe('the click stats panel’s words', () => {
  it('starts a period of n days n − 1 days before today, in UTC', () => {
    const today = new Date('2026-03-01T23:30:00Z')
    expect(periodStart(1, today)).toBe('2026-03-01')
    expect(periodStart(7, today)).toBe('2026-02-23')
    expect(periodStart(30, today)).toBe('2026-01-31')
  })

  it('prints conversion as a percentage with at most one decimal', () => {
    expect([conversionText(0), conversionText(0.0425), conversionText(0.5), conversionText(1.25)]).toEqual([
      '0%',
      '4.3%',
      '50%',
      '125%',
    ])
  })
})
