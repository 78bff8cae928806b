import type { deliveries } from '../schema.ts'

type DeliveryRow = typeof deliveries.$inferSelect

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString())

/** A delivery as the admins' delivery log shows it: the last attempt's request and answer. */
export function deliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    event_id: row.eventId,
    event_type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    last_attempt_at: iso(row.lastAttemptAt),
    last_status_code: row.lastStatusCode,
    last_error: row.lastError,
    last_response_excerpt: row.lastResponseExcerpt,
    request_headers: row.lastRequestHeaders ?? {},
    request_body: row.body,
    created_at: iso(row.createdAt) ?? '',
    delivered_at: iso(row.deliveredAt),
  }
}
