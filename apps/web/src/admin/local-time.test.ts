import { describe, expect, it } from 'vitest'
import { isoToLocalInput, localInputToIso } from './local-time.ts'

describe('datetime-local and ISO instants', () => {
  it('reads the input as local time', () => {
    const iso = localInputToIso('2026-05-01T09:30')
    expect(iso).toBe(new Date(2026, 4, 1, 9, 30).toISOString())
    expect(iso).toMatch(/Z$/)
  })

  it('shows an instant in local time, to the minute, and back', () => {
    const instant = new Date(2026, 11, 31, 23, 5, 42).toISOString()
    expect(isoToLocalInput(instant)).toBe('2026-12-31T23:05')
    expect(localInputToIso(isoToLocalInput(instant))).toBe(new Date(2026, 11, 31, 23, 5).toISOString())
  })

  it('takes seconds when the browser adds them', () => {
    expect(localInputToIso('2026-05-01T09:30:15')).toBe(new Date(2026, 4, 1, 9, 30, 15).toISOString())
  })

  it('refuses what is not a moment, and shows nothing for none', () => {
    expect(localInputToIso('')).toBeUndefined()
    expect(localInputToIso('2026-05-01')).toBeUndefined()
    expect(localInputToIso('2026-13-45T99:99')).toBeUndefined()
    expect(isoToLocalInput(null)).toBe('')
    expect(isoToLocalInput('nonsense')).toBe('')
  })
})
