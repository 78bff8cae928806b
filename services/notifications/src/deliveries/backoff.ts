/** How long the engine keeps retrying one delivery, and how long a target may fail before it is turned off. */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000

/** The wait after the first failed attempt; it doubles after each one, up to MAX_RETRY_DELAY_MS. */
export const FIRST_RETRY_DELAY_MS = 30_000
export const MAX_RETRY_DELAY_MS = 6 * 60 * 60_000

/** Each wait is the doubled delay times a random factor in [1 − JITTER, 1 + JITTER], so failed targets do not retry in step. */
export const JITTER = 0.2

/** The wait after the `attempt`-th failed attempt (1-based): exponential, capped, with jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS)
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()))
}

/** The longest a target may ask us to wait (Retry-After) before we try again anyway. */
export const MAX_RETRY_AFTER_MS = 6 * 60 * 60_000

/** Reads a Retry-After header (seconds, or an HTTP date) as a wait from `now`, capped; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined
  const text = header.trim()
  const ms = /^\d+$/.test(text) ? Number(text) * 1_000 : Date.parse(text) - now.getTime()
  if (!Number.isFinite(ms) || ms <= 0) return undefined
  return Math.min(ms, MAX_RETRY_AFTER_MS)
}
