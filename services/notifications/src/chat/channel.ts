import { eq } from 'drizzle-orm'
import { MAX_RETRY_AFTER_MS } from '../deliveries/backoff.ts'
import type { AttemptOutcome, Channel } from '../deliveries/channel.ts'
import { postJson } from '../deliveries/http-post.ts'
import { chatChannels } from '../schema.ts'

export const CHAT_CHANNEL = 'chat'

/** How long a chat service has to answer one message. */
export const CHAT_TIMEOUT_MS = 10_000

/**
 * Discord and Slack through their incoming webhooks: one POST of the message as queued. Both answer 429 when we go
 * too fast; Discord says how long to wait in its body (`retry_after`, seconds with a fraction), more precisely than its
 * Retry-After header, and the engine holds every message to that room until then.
 */
export const chatChannel: Channel = {
  kind: CHAT_CHANNEL,
  async attempt(ctx, delivery) {
    const [room] = await ctx.db.select().from(chatChannels).where(eq(chatChannels.id, delivery.targetId))
    if (!room?.enabled || room.url === null) return undefined
    const headers = { 'Content-Type': 'application/json', 'User-Agent': 'Ambassador-Notifications/1' }
    const outcome = await postJson(room.url, headers, delivery.body, ctx.clock.now(), CHAT_TIMEOUT_MS)
    return room.kind === 'discord' ? withDiscordRetryAfter(outcome) : outcome
  },
  async disableTarget(ctx, tx, targetId) {
    const now = ctx.clock.now().toISOString()
    await tx
      .update(chatChannels)
      .set({ enabled: false, disabledReason: 'Every message failed for 24 hours', updatedAt: now })
      .where(eq(chatChannels.id, targetId))
    ctx.log.warn({ channelId: targetId }, 'chat channel turned off after failing for a day')
  },
}

/** A Discord 429's own wait (`retry_after` in the JSON body), when it gave one. */
export function withDiscordRetryAfter(outcome: AttemptOutcome): AttemptOutcome {
  if (outcome.statusCode !== 429 || !outcome.responseExcerpt) return outcome
  try {
    const body = JSON.parse(outcome.responseExcerpt) as { retry_after?: unknown }
    if (typeof body.retry_after !== 'number' || !(body.retry_after > 0)) return outcome
    return { ...outcome, retryAfterMs: Math.min(Math.ceil(body.retry_after * 1_000), MAX_RETRY_AFTER_MS) }
  } catch {
    return outcome
  }
}
