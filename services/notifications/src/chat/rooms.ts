import type { EventEnvelope } from '@ambassador/contracts/events'
import { badRequest, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, arrayContains, asc, eq } from 'drizzle-orm'
import { cancelTargetDeliveries, enqueueDeliveries, forgetTarget, resetTargetHealth } from '../deliveries/engine.ts'
import { listTargetDeliveries } from '../deliveries/view.ts'
import { chatChannels } from '../schema.ts'
import { checkEndpointUrl } from '../webhooks/endpoint-url.ts'
import { CHAT_CHANNEL } from './channel.ts'
import { type ChatKind, payloadFor } from './format.ts'
import { CHAT_TOPICS, chatMessageOf, isChatTopic } from './topics.ts'

type RoomRow = typeof chatChannels.$inferSelect

export type RoomInput = {
  kind: ChatKind
  name: string
  url: string
  topics: string[]
  enabled?: boolean | undefined
}
export type RoomChanges = Partial<Omit<RoomInput, 'kind'>>

/** A chat channel as admins see it: the webhook URL only as its host and last four characters (it is a password). */
export function roomView(row: RoomRow) {
  const url = new URL(row.url)
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    url_hint: `${url.host}/…${row.url.slice(-4)}`,
    topics: row.topics,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    created_at: new Date(row.createdAt).toISOString(),
    updated_at: new Date(row.updatedAt).toISOString(),
  }
}

export async function createRoom(ctx: ServiceContext, input: RoomInput) {
  const now = ctx.clock.now().toISOString()
  const [row] = await ctx.db
    .insert(chatChannels)
    .values({
      id: newId(),
      kind: input.kind,
      name: checkName(input.name),
      url: checkEndpointUrl(input.url, ctx.config.publicUrl),
      topics: checkTopics(input.topics),
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
  if (!row) throw new Error('the chat channel was not inserted')
  return roomView(row)
}

export async function listRooms(ctx: ServiceContext) {
  const rows = await ctx.db.select().from(chatChannels).orderBy(asc(chatChannels.createdAt), asc(chatChannels.id))
  return rows.map(roomView)
}

/** Changes a channel; turning it on (again) forgets its failing streak, turning it off cancels what waits for it. */
export async function updateRoom(ctx: ServiceContext, id: string, changes: RoomChanges) {
  await findRoom(ctx, id)
  const target = { channel: CHAT_CHANNEL, targetId: id }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(chatChannels)
      .set({
        ...(changes.name !== undefined ? { name: checkName(changes.name) } : {}),
        ...(changes.url !== undefined ? { url: checkEndpointUrl(changes.url, ctx.config.publicUrl) } : {}),
        ...(changes.topics !== undefined ? { topics: checkTopics(changes.topics) } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled, disabledReason: null } : {}),
        updatedAt: ctx.clock.now().toISOString(),
      })
      .where(eq(chatChannels.id, id))
      .returning()
    if (!row) throw notFound('No such chat channel', 'chat_channel_not_found')
    if (changes.enabled === true || changes.url !== undefined) await resetTargetHealth(tx, target)
    if (changes.enabled === false) await cancelTargetDeliveries(tx, target, 'The channel was turned off')
    return roomView(row)
  })
}

export async function deleteRoom(ctx: ServiceContext, id: string) {
  await findRoom(ctx, id)
  await ctx.db.transaction(async (tx) => {
    await tx.delete(chatChannels).where(eq(chatChannels.id, id))
    await forgetTarget(tx, { channel: CHAT_CHANNEL, targetId: id })
  })
}

/** The messages sent (or waiting) to a channel, newest first. */
export async function listRoomDeliveries(ctx: ServiceContext, id: string, limit: number) {
  await findRoom(ctx, id)
  return listTargetDeliveries(ctx.db, { channel: CHAT_CHANNEL, targetId: id }, limit)
}

/**
 * Queues the event's message for every channel that is on and follows its topic (the consumer's transaction), each
 * formatted for its service once, now: every attempt sends the same message.
 */
export async function enqueueChatMessages(ctx: ServiceContext, event: EventEnvelope) {
  const message = chatMessageOf(event)
  if (!message) return
  const rooms = await ctx.db
    .select({ id: chatChannels.id, kind: chatChannels.kind })
    .from(chatChannels)
    .where(and(eq(chatChannels.enabled, true), arrayContains(chatChannels.topics, [message.topic])))
  for (const kind of new Set(rooms.map((room) => room.kind))) {
    const ids = rooms.filter((room) => room.kind === kind).map((room) => room.id)
    await enqueueDeliveries(ctx, CHAT_CHANNEL, ids, {
      id: event.id,
      type: event.type,
      body: payloadFor(kind, message, ctx.config.storeName),
    })
  }
}

async function findRoom(ctx: ServiceContext, id: string): Promise<RoomRow> {
  const [row] = isUuid(id) ? await ctx.db.select().from(chatChannels).where(eq(chatChannels.id, id)) : []
  if (!row) throw notFound('No such chat channel', 'chat_channel_not_found')
  return row
}

function checkName(name: string): string {
  const trimmed = name.trim()
  if (trimmed === '') throw badRequest('Give the channel a name', 'invalid_channel_name')
  return trimmed
}

function checkTopics(topics: string[]): string[] {
  const unique = [...new Set(topics.map((t) => t.trim()))]
  if (unique.length === 0) throw badRequest('Choose at least one topic', 'invalid_topics')
  const unknown = unique.filter((t) => !isChatTopic(t))
  if (unknown.length > 0) {
    throw badRequest(`Not a topic: ${unknown.join(', ')} (one of ${CHAT_TOPICS.join(', ')})`, 'invalid_topics')
  }
  return unique.sort()
}
