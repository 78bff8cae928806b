import { randomBytes } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The account the fake takes messages for: set these as SMS_ACCOUNT_SID and SMS_AUTH_TOKEN. */
export const FAKE_TWILIO_SID = `AC${'0f'.repeat(16)}`
export const FAKE_TWILIO_TOKEN = 'fake-twilio-auth-token'

/** A text the fake took, as the SDK sent it. */
export type FakeTwilioMessage = { sid: string; to: string; from: string; body: string }

type Refusal = {
  status: number
  code: number
  message: string
  retryAfter?: string
  /** Only a message to this phone is refused; any message when absent. */
  to?: string
}

/**
 * Twilio's Messages API on loopback, for tests (`SMS_API_URL`): `POST /2010-04-01/Accounts/{Sid}/Messages.json` with a
 * form-encoded To, From and Body and Basic auth, answered as Twilio does — 201 with the queued message, or Twilio's
 * JSON error (`code`, `message`, `more_info`, `status`). `refuseNext` makes the next requests fail as told.
 */
export async function startFakeTwilio() {
  const messages: FakeTwilioMessage[] = []
  const refusals: Refusal[] = []
  const expectedAuth = `Basic ${Buffer.from(`${FAKE_TWILIO_SID}:${FAKE_TWILIO_TOKEN}`).toString('base64')}`
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path)
      if (request.method !== 'POST' || !match) {
        return refuse(response, { status: 404, code: 20404, message: `The requested resource ${path} was not found` })
      }
      if (request.headers.authorization !== expectedAuth || match[1] !== FAKE_TWILIO_SID) {
        return refuse(response, { status: 401, code: 20003, message: 'Authenticate' })
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      const to = form.get('To') ?? ''
      const index = refusals.findIndex((refusal) => refusal.to === undefined || refusal.to === to)
      const [refusal] = index >= 0 ? refusals.splice(index, 1) : []
      if (refusal) return refuse(response, refusal)
      const from = form.get('From') ?? ''
      const body = form.get('Body') ?? ''
      if (!to || !from || !body) {
        return refuse(response, { status: 400, code: 21604, message: "A 'To', 'From' and 'Body' are required" })
      }
      const sid = `SM${randomBytes(16).toString('hex')}`
      messages.push({ sid, to, from, body })
      const now = new Date().toUTCString()
      response.writeHead(201, { 'content-type': 'application/json' })
      response.end(
        JSON.stringify({
          account_sid: FAKE_TWILIO_SID,
          api_version: '2010-04-01',
          body,
          date_created: now,
          date_sent: null,
          date_updated: now,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from,
          messaging_service_sid: null,
          num_media: '0',
          num_segments: String(Math.ceil(body.length / 153)),
          price: null,
          price_unit: 'USD',
          sid,
          status: 'queued',
          subresource_uris: { media: `/2010-04-01/Accounts/${FAKE_TWILIO_SID}/Messages/${sid}/Media.json` },
          to,
          uri: `/2010-04-01/Accounts/${FAKE_TWILIO_SID}/Messages/${sid}.json`,
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    /** The settings that point the platform at this fake. */
    env: {
      SMS_PROVIDER: 'twilio',
      SMS_ACCOUNT_SID: FAKE_TWILIO_SID,
      SMS_AUTH_TOKEN: FAKE_TWILIO_TOKEN,
      SMS_FROM: '+15005550006',
      SMS_API_URL: `http://127.0.0.1:${port}`,
    },
    messages,
    messagesTo: (phone: string) => messages.filter((message) => message.to === phone),
    /** Refuses the next message (to `to`, when given) this way, e.g. a 429 with a Retry-After; once. */
    refuseNext: (refusal: Refusal) => refusals.push(refusal),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function refuse(response: ServerResponse, refusal: Refusal) {
  response.writeHead(refusal.status, {
    'content-type': 'application/json',
    ...(refusal.retryAfter ? { 'retry-after': refusal.retryAfter } : {}),
  })
  response.end(
    JSON.stringify({
      code: refusal.code,
      message: refusal.message,
      more_info: `https://www.twilio.com/docs/errors/${refusal.code}`,
      status: refusal.status,
    }),
  )
}

export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>
