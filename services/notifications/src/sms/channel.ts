import type { SmsConfig } from '@ambassador/kit/config/config'
import { eq } from 'drizzle-orm'
import { retryAfterMs } from '../deliveries/backoff.ts'
import { type AttemptOutcome, type Channel, RESPONSE_EXCERPT_LIMIT } from '../deliveries/channel.ts'
import { chatChannels, smsRecipients } from '../schema.ts'
import { maskPhone } from './phones.ts'
import { SmsRefusedError, type SmsSender } from './sender.ts'
import { createTwilioSender } from './twilio-sender.ts'

export const SMS_CHANNEL = 'sms'

const senders = new WeakMap<SmsConfig, SmsSender>()

/** The sender for the configured provider, made once per configuration (it keeps its connections). */
export function smsSenderFor(config: SmsConfig): SmsSender {
  let sender = senders.get(config)
  if (!sender) {
    sender = createTwilioSender(config)
    senders.set(config, sender)
  }
  return sender
}

/**
 * Text messages: one message to one phone of an SMS channel per delivery (the target is the phone's row). The
 * provider's refusal is logged as it answered (Twilio's JSON `code` and `message`, the phone masked); a 429's
 * Retry-After is honoured; a refusal for good (a number that cannot take texts) ends the delivery at once.
 */
export const smsChannel: Channel = {
  kind: SMS_CHANNEL,
  async attempt(ctx, delivery) {
    const [recipient] = await ctx.db
      .select({ phone: smsRecipients.phone, enabled: chatChannels.enabled })
      .from(smsRecipients)
      .innerJoin(chatChannels, eq(chatChannels.id, smsRecipients.channelId))
      .where(eq(smsRecipients.id, delivery.targetId))
    if (!recipient?.enabled) return undefined
    // The log shows whom it went to, masked like every answer that names a phone.
    const requestHeaders = { To: maskPhone(recipient.phone) }
    const started = performance.now()
    const took = () => Math.round(performance.now() - started)
    const config = ctx.config.sms
    if (!config) {
      return failure(requestHeaders, 'SMS is not configured (SMS_PROVIDER and SMS_*)', took())
    }
    try {
      const sent = await smsSenderFor(config).sendSms({ to: recipient.phone, body: delivery.body })
      return {
        delivered: true,
        requestHeaders,
        statusCode: 201,
        responseExcerpt: `message ${sent.id}`,
        error: null,
        durationMs: took(),
      }
    } catch (error) {
      if (!(error instanceof SmsRefusedError)) {
        return failure(requestHeaders, error instanceof Error ? error.message.slice(0, 500) : String(error), took())
      }
      // Twilio's messages name the phone ("The 'To' number +1… is not a valid phone number."): the log masks it.
      const masked = (text: string) => hidePhone(text, recipient.phone)
      return {
        delivered: false,
        requestHeaders,
        statusCode: error.status,
        responseExcerpt: masked(error.answer).slice(0, RESPONSE_EXCERPT_LIMIT),
        error: masked(error.message).slice(0, 500),
        retryAfterMs:
          error.status === 429 || error.status === 503
            ? retryAfterMs(error.retryAfterHeader, ctx.clock.now())
            : undefined,
        permanent: error.permanent,
        durationMs: took(),
      }
    }
  },
  async disableTarget(ctx, tx, targetId) {
    const [recipient] = await tx
      .select({ channelId: smsRecipients.channelId, phone: smsRecipients.phone })
      .from(smsRecipients)
      .where(eq(smsRecipients.id, targetId))
    if (!recipient) return
    await tx
      .update(chatChannels)
      .set({
        enabled: false,
        disabledReason: `Every text to ${maskPhone(recipient.phone)} failed for 24 hours`,
        updatedAt: ctx.clock.now().toISOString(),
      })
      .where(eq(chatChannels.id, recipient.channelId))
    ctx.log.warn({ channelId: recipient.channelId }, 'SMS channel turned off after a phone failed for a day')
  },
}

/** A text with the phone (E.164, or its digits alone) masked wherever it appears. */
function hidePhone(text: string, phone: string): string {
  const masked = maskPhone(phone)
  return text.replaceAll(phone, masked).replaceAll(phone.slice(1), masked.slice(1))
}

function failure(requestHeaders: Record<string, string>, error: string, durationMs: number): AttemptOutcome {
  return { delivered: false, requestHeaders, statusCode: null, responseExcerpt: null, error, durationMs }
}
