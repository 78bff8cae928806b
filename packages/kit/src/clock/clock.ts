/** Where domain code gets the time, so tests can fix it. */
export type Clock = { now(): Date }

export const systemClock: Clock = { now: () => new Date() }

const DAY_MS = 86_400_000

/** Midnight UTC `daysBefore` days before the UTC day of `moment`: where a "last N days" window starts. */
export function utcDayStart(moment: Date, daysBefore = 0): Date {
  return new Date(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate()) - daysBefore * DAY_MS)
}
