import type { Database } from '@ambassador/kit/db/database'
import { and, desc, eq, inArray } from 'drizzle-orm'
import { Type } from 'typebox'
import { deliveries } from '../schema.ts'

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

/** The newest deliveries to one target of a channel, newest first, as the delivery log shows them. */
export async function listTargetDeliveries(db: Database, target: { channel: string; targetId: string }, limit: number) {
  return listTargetsDeliveries(db, target.channel, [target.targetId], limit)
}

/** The newest deliveries to some targets of a channel (an SMS channel's phones), newest first. */
export async function listTargetsDeliveries(db: Database, channel: string, targetIds: string[], limit: number) {
  if (targetIds.length === 0) return []
  const rows = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.channel, channel), inArray(deliveries.targetId, targetIds)))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit)
  return rows.map(deliveryView)
}

const Iso = Type.String({ description: 'ISO 8601' })
const NullableIso = Type.Union([Iso, Type.Null()])

/** A delivery in the API (deliveryView's shape). */
export const Delivery = Type.Object({
  id: Type.String(),
  event_id: Type.String(),
  event_type: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('delivered'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ]),
  attempts: Type.Integer(),
  next_attempt_at: NullableIso,
  last_attempt_at: NullableIso,
  last_status_code: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  last_response_excerpt: Type.Union([Type.String(), Type.Null()], { description: 'the start of the last answer' }),
  request_headers: Type.Record(Type.String(), Type.String(), { description: 'as sent by the last attempt' }),
  request_body: Type.String(),
  created_at: Iso,
  delivered_at: NullableIso,
})

export const DeliveriesQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) })
