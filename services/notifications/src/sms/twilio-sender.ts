import type { SmsConfig } from '@ambassador/kit/config/config'
import twilio from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient'
import { SmsRefusedError, type SmsSender } from './sender.ts'

/** Where the SDK sends every request; requests are redirected to SMS_API_URL when it names another server. */
const TWILIO_API = 'https://api.twilio.com'

/** How long Twilio has to take one message. */
export const SMS_TIMEOUT_MS = 10_000

/**
 * The SDK's HTTP client (its supported extension point, the `httpClient` option), changed in two ways: requests go to
 * the configured API (a local fake in tests), and an answer that is not 2xx becomes an SmsRefusedError that keeps the
 * Retry-After header, which the SDK's own RestException drops.
 */
class RedirectedRequestClient extends twilio.RequestClient {
  constructor(private readonly apiUrl: string) {
    super({ timeout: SMS_TIMEOUT_MS, autoRetry: false })
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.startsWith(TWILIO_API) ? `${this.apiUrl}${opts.uri.slice(TWILIO_API.length)}` : opts.uri
    const response = await super.request<TData>({ ...opts, uri, allowRedirects: false })
    if (response.statusCode >= 200 && response.statusCode < 300) return response
    const answer = typeof response.body === 'string' ? response.body : JSON.stringify(response.body)
    const body = readJson(answer)
    const retryAfter = response.headers?.['retry-after']
    const code = typeof body?.code === 'number' || typeof body?.code === 'string' ? body.code : undefined
    throw new SmsRefusedError(
      response.statusCode,
      code,
      typeof body?.message === 'string' ? body.message : undefined,
      answer,
      typeof retryAfter === 'string' ? retryAfter : undefined,
      isRefusedForGood(response.statusCode, code),
    )
  }
}

/**
 * 4xx answers worth retrying: busy (408, 429), or about our account rather than the message — wrong credentials (401),
 * permissions (403), account SID (404). The operator fixes those in the configuration and the very same text then goes
 * through, so they are retried for the day like a network failure (and a target failing all day is turned off).
 */
const RETRYABLE_CLIENT_STATUSES = new Set([401, 403, 404, 408, 429])

/** Twilio error codes of a 4xx that only say "not now": 21611, the From number's queue is full. */
const BUSY_CODES = new Set(['21611'])

/**
 * Whether Twilio refused the message itself, so that sending it again can never succeed: any other 4xx, e.g. a 400
 * with 21211 (invalid To), 21614 (not a mobile), 21610 (the recipient unsubscribed), 21408 (region not enabled).
 * 5xx and no answer at all stay retryable.
 */
function isRefusedForGood(status: number, code: number | string | undefined): boolean {
  if (status < 400 || status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status)) return false
  return code === undefined || !BUSY_CODES.has(String(code))
}

function readJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Texts through Twilio's Messages API (or a Twilio-compatible server at SMS_API_URL), from SMS_FROM. */
export function createTwilioSender(config: SmsConfig): SmsSender {
  const client = twilio(config.accountSid, config.authToken, {
    httpClient: new RedirectedRequestClient(config.apiUrl),
    autoRetry: false,
  })
  return {
    async sendSms({ to, body }) {
      const message = await client.messages.create({ to, from: config.from, body })
      return { id: message.sid }
    },
  }
}
