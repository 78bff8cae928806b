/**
 * `<input type="datetime-local">` speaks the browser's local time without a zone ("2026-05-01T09:30"); the API
 * speaks ISO 8601 instants. These convert between the two in the admin's time zone.
 */

/** "2026-05-01T09:30" (local) → "2026-05-01T07:30:00.000Z" (in UTC+2); undefined when it is not a moment. */
export function localInputToIso(value: string): string | undefined {
  // Date-time strings without an offset are local time (ECMAScript), which is what the input means.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** An instant as the input shows it, to the minute, in local time; empty for none. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const two = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`
}
