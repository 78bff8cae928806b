import type { EventEnvelope } from '@ambassador/contracts/events'
import type { Database } from '@ambassador/kit/db/database'
import { badRequest, conflict, notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, arrayContains, asc, eq, ne } from 'drizzle-orm'
import { cancelTargetDeliveries, enqueueDeliveries, forgetTarget, resetTargetHealth } from '../deliveries/engine.ts'
import { listTargetsDeliveries } from '../deliveries/view.ts'
import { chatChannels } from '../schema.ts'
import { SMS_CHANNEL } from '../sms/channel.ts'
import { checkPhones, maskPhone } from '../sms/phones.ts'
import { enqueueSmsTexts, recipientsOf, replaceRecipients } from '../sms/recipients.ts'
import { checkEndpointUrl } from '../webhooks/endpoint-url.ts'
import { CHAT_CHANNEL } from './channel.ts'
import { type ChatKind, payloadFor, type RoomKind } from './format.ts'
import { CHAT_TOPICS, chatMessageOf, isChatTopic } from './topics.ts'

type RoomRow = typeof chatChannels.$inferSelect

export type RoomInput = {
  kind: RoomKind
  name: string
  /** The incoming webhook URL of a Discord or Slack room. */
  url?: string | undefined
  /** The phones an SMS channel texts. */
  phones?: string[] | undefined
  topics: string[]
  enabled?: boolean | undefined
}
export type RoomChanges = Partial<Omit<RoomInput, 'kind'>>

/**
 * A channel as admins see it: the webhook URL only as its host and last four characters (it is a password), the
 * phones with all but their last 3 digits hidden (personal data).
 */
export function roomView(row: RoomRow, phones: string[] = []) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    url_hint: row.url === null ? null : `${new URL(row.url).host}/…${row.url.slice(-4)}`,
    phones: phones.map(maskPhone),
    topics: row.topics,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    created_at: new Date(row.createdAt).toISOString(),
    updated_at: new Date(row.updatedAt).toISOString(),
  }
}

export async function createRoom(ctx: ServiceContext, input: RoomInput) {
  const now = ctx.clock.now().toISOString()
  const sms = input.kind === 'sms'
  if (sms && !ctx.config.sms) {
    throw conflict('Text messages are not set up on this store (SMS_PROVIDER and SMS_*)', 'sms_not_configured')
  }
  const values = {
    id: newId(),
    kind: input.kind,
    name: checkName(input.name),
    url: sms ? noUrl(input.url) : checkEndpointUrl(requiredUrl(input.url), ctx.config.publicUrl),
    topics: checkTopics(input.topics),
    enabled: input.enabled ?? true,
    createdAt: now,
    updatedAt: now,
  }
  const phones = sms ? checkPhones(input.phones ?? []) : noPhones(input.phones)
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(chatChannels).values(values).returning()
    if (!row) throw new Error('the chat channel was not inserted')
    if (phones) await replaceRecipients(tx, row.id, phones, now)
    return roomView(row, phones)
  })
}

export async function listRooms(ctx: ServiceContext) {
  const rows = await ctx.db.select().from(chatChannels).orderBy(asc(chatChannels.createdAt), asc(chatChannels.id))
  const recipients = await recipientsOf(
    ctx.db,
    rows.filter((row) => row.kind === 'sms').map((row) => row.id),
  )
  return rows.map((row) =>
    roomView(
      row,
      recipients.filter((recipient) => recipient.channelId === row.id).map((recipient) => recipient.phone),
    ),
  )
}

/** Changes a channel; turning it on (again) forgets its failing streak, turning it off cancels what waits for it. */
export async function updateRoom(ctx: ServiceContext, id: string, changes: RoomChanges) {
  const room = await findRoom(ctx, id)
  const sms = room.kind === 'sms'
  if (sms && changes.url !== undefined) noUrl(changes.url)
  const phones = sms && changes.phones !== undefined ? checkPhones(changes.phones) : noPhones(changes.phones, sms)
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now().toISOString()
    if (phones) await replaceRecipients(tx, id, phones, now)
    const [row] = await tx
      .update(chatChannels)
      .set({
        ...(changes.name !== undefined ? { name: checkName(changes.name) } : {}),
        ...(changes.url !== undefined && !sms ? { url: checkEndpointUrl(changes.url, ctx.config.publicUrl) } : {}),
        ...(changes.topics !== undefined ? { topics: checkTopics(changes.topics) } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled, disabledReason: null } : {}),
        updatedAt: now,
      })
      .where(eq(chatChannels.id, id))
      .returning()
    if (!row) throw notFound('No such chat channel', 'chat_channel_not_found')
    const targets = await targetsOf(tx, row)
    for (const target of targets) {
      if (changes.enabled === true || changes.url !== undefined) await resetTargetHealth(tx, target)
      if (changes.enabled === false) await cancelTargetDeliveries(tx, target, 'The channel was turned off')
    }
    return roomView(
      row,
      targets.flatMap((target) => (target.phone === undefined ? [] : [target.phone])),
    )
  })
}

export async function deleteRoom(ctx: ServiceContext, id: string) {
  const room = await findRoom(ctx, id)
  await ctx.db.transaction(async (tx) => {
    const targets = await targetsOf(tx, room)
    await tx.delete(chatChannels).where(eq(chatChannels.id, id))
    for (const target of targets) await forgetTarget(tx, target)
  })
}

/** The messages sent (or waiting) to a channel, newest first: for an SMS channel, to each of its phones. */
export async function listRoomDeliveries(ctx: ServiceContext, id: string, limit: number) {
  const room = await findRoom(ctx, id)
  const targets = await targetsOf(ctx.db, room)
  const channel = room.kind === 'sms' ? SMS_CHANNEL : CHAT_CHANNEL
  return listTargetsDeliveries(
    ctx.db,
    channel,
    targets.map((target) => target.targetId),
    limit,
  )
}

/** What the delivery engine sends a channel's messages to: the room itself, or each phone of an SMS channel. */
async function targetsOf(db: Database, room: RoomRow) {
  if (room.kind !== 'sms') return [{ channel: CHAT_CHANNEL, targetId: room.id, phone: undefined }]
  const recipients = await recipientsOf(db, [room.id])
  return recipients.map((recipient) => ({ channel: SMS_CHANNEL, targetId: recipient.id, phone: recipient.phone }))
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
    .where(
      and(
        eq(chatChannels.enabled, true),
        ne(chatChannels.kind, 'sms'),
        arrayContains(chatChannels.topics, [message.topic]),
      ),
    )
  for (const kind of new Set(rooms.map((room) => room.kind as ChatKind))) {
    const ids = rooms.filter((room) => room.kind === kind).map((room) => room.id)
    await enqueueDeliveries(ctx, CHAT_CHANNEL, ids, {
      id: event.id,
      type: event.type,
      body: payloadFor(kind, message, ctx.config.storeName),
    })
  }
  await enqueueSmsTexts(ctx, event, message)
}

async function findRoom(ctx: ServiceContext, id: string): Promise<RoomRow> {
  const [row] = isUuid(id) ? await ctx.db.select().from(chatChannels).where(eq(chatChannels.id, id)) : []
  if (!row) throw notFound('No such chat channel', 'chat_channel_not_found')
  return row
}

function requiredUrl(url: string | undefined): string {
  if (url === undefined) throw badRequest('Give the incoming webhook URL', 'invalid_webhook_url')
  return url
}

function noUrl(url: string | undefined): null {
  if (url !== undefined) throw badRequest('An SMS channel has phone numbers, not a URL', 'invalid_webhook_url')
  return null
}

/** Phones are for SMS channels only: given to another kind, they are refused rather than ignored. */
function noPhones(phones: string[] | undefined, sms = false): undefined {
  if (phones !== undefined && !sms) {
    throw badRequest('Only an SMS channel has phone numbers', 'invalid_phone_numbers')
  }
  return undefined
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
