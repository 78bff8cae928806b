/** What the delivery log needs of a delivery to say how its last attempt went. */
export type DeliveryOutcome = {
  status: 'pending' | 'delivered' | 'failed' | 'cancelled'
  attempts: number
  last_status_code: number | null
  last_error: string | null
}

/**
 * How a delivery's last attempt went, as the log shows it: the answer's HTTP status, and — for a delivery that did
 * not go through (failed, retrying or cancelled) — why, from its error. A reason that already starts with the status
 * ("HTTP 400 (code 21211): The 'To' number … is not a valid phone number.") is shown alone, not after it again.
 */
export function lastAnswer(delivery: DeliveryOutcome): { answer: string | null; reason: string | null } {
  const answer = delivery.last_status_code === null ? null : `HTTP ${delivery.last_status_code}`
  const reason = delivery.status === 'delivered' ? null : delivery.last_error
  if (!reason) return { answer: answer ?? '—', reason: null }
  if (answer === null || reason.startsWith(answer)) return { answer: null, reason }
  return { answer, reason }
}
