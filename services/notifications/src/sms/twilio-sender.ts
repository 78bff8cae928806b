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
    throw new SmsRefusedError(
      response.statusCode,
      typeof body?.code === 'number' || typeof body?.code === 'string' ? body.code : undefined,
      typeof body?.message === 'string' ? body.message : undefined,
      answer,
      typeof retryAfter === 'string' ? retryAfter : undefined,
    )
  }
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
