import { loadConfig } from '@ambassador/kit/config/config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAKE_TWILIO_TOKEN, type FakeTwilio, startFakeTwilio } from '../testing/fake-twilio.ts'
import { SmsRefusedError } from './sender.ts'
import { createTwilioSender } from './twilio-sender.ts'

let twilio: FakeTwilio
beforeAll(async () => {
  twilio = await startFakeTwilio()
})
afterAll(() => twilio?.close())

const senderWith = (env: Record<string, string> = {}) => {
  const config = loadConfig({ ...twilio.env, ...env }).sms
  if (!config) throw new Error('no SMS configuration')
  return createTwilioSender(config)
}

describe('the Twilio sender (the official SDK, pointed at SMS_API_URL)', () => {
  it('sends a text from SMS_FROM and answers Twilio’s message SID', async () => {
    const sent = await senderWith().sendSms({ to: '+15550100999', body: 'Hello' })
    expect(sent.id).toMatch(/^SM[0-9a-f]{32}$/)
    expect(twilio.messages.at(-1)).toEqual({ sid: sent.id, to: '+15550100999', from: '+15005550006', body: 'Hello' })
  })

  it('throws Twilio’s status, error code, message and Retry-After when it refuses', async () => {
    twilio.refuseNext({ status: 429, code: 20429, message: 'Too Many Requests', retryAfter: '7' })
    const refused = await senderWith()
      .sendSms({ to: '+15550100999', body: 'Hello' })
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(SmsRefusedError)
    expect(refused).toMatchObject({
      status: 429,
      providerCode: 20429,
      providerMessage: 'Too Many Requests',
      retryAfterHeader: '7',
      message: 'HTTP 429 (code 20429): Too Many Requests',
    })
  })

  it('is refused (401) with the wrong auth token', async () => {
    const refused = await senderWith({ SMS_AUTH_TOKEN: `${FAKE_TWILIO_TOKEN}-wrong` })
      .sendSms({ to: '+15550100999', body: 'Hello' })
      .catch((error: unknown) => error)
    expect(refused).toMatchObject({ status: 401, providerCode: 20003 })
  })
})
