import type { EventEnvelope } from '@ambassador/contracts/events'
import type { Database } from '@ambassador/kit/db/database'
import { newId } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, arrayContains, asc, eq, inArray } from 'drizzle-orm'
import type { ChatMessage } from '../chat/topics.ts'
import { enqueueDeliveries, forgetTarget } from '../deliveries/engine.ts'
import { chatChannels, smsRecipients } from '../schema.ts'
import { SMS_CHANNEL } from './channel.ts'
import { smsText } from './text.ts'

/** The phones of some SMS channels, in the order they were added. */
export async function recipientsOf(db: Database, channelIds: string[]) {
  if (channelIds.length === 0) return []
  return db
    .select()
    .from(smsRecipients)
    .where(inArray(smsRecipients.channelId, channelIds))
    .orderBy(asc(smsRecipients.createdAt), asc(smsRecipients.phone))
}

/**
 * Makes a channel's phones exactly `phones` (already checked), in the caller's transaction: a phone that stays keeps
 * its row (its deliveries and health), a phone taken off is forgotten with what was queued for it.
 */
export async function replaceRecipients(tx: Database, channelId: string, phones: string[], now: string) {
  const current = await recipientsOf(tx, [channelId])
  for (const gone of current.filter((recipient) => !phones.includes(recipient.phone))) {
    await tx.delete(smsRecipients).where(eq(smsRecipients.id, gone.id))
    await forgetTarget(tx, { channel: SMS_CHANNEL, targetId: gone.id })
  }
  const added = phones.filter((phone) => !current.some((recipient) => recipient.phone === phone))
  if (added.length === 0) return
  await tx.insert(smsRecipients).values(added.map((phone) => ({ id: newId(), channelId, phone, createdAt: now })))
}

/**
 * Queues the event's text for every phone of the SMS channels that are on and follow its topic (the consumer's
 * transaction). A phone listed in several channels gets it once: from the oldest channel, always the same one, so a
 * redelivered event finds its delivery already queued.
 */
export async function enqueueSmsTexts(ctx: ServiceContext, event: EventEnvelope, message: ChatMessage) {
  const rows = await ctx.db
    .select({ id: smsRecipients.id, phone: smsRecipients.phone })
    .from(smsRecipients)
    .innerJoin(chatChannels, eq(chatChannels.id, smsRecipients.channelId))
    .where(
      and(
        eq(chatChannels.kind, 'sms'),
        eq(chatChannels.enabled, true),
        arrayContains(chatChannels.topics, [message.topic]),
      ),
    )
    .orderBy(asc(chatChannels.createdAt), asc(chatChannels.id))
  const byPhone = new Map<string, string>()
  for (const row of rows) if (!byPhone.has(row.phone)) byPhone.set(row.phone, row.id)
  await enqueueDeliveries(ctx, SMS_CHANNEL, [...byPhone.values()], {
    id: event.id,
    type: event.type,
    body: smsText(message, ctx.config.storeName),
  })
}
