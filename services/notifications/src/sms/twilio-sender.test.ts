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

  it('is refused (401) with the wrong auth token, which stays worth retrying once the operator fixes it', async () => {
    const refused = await senderWith({ SMS_AUTH_TOKEN: `${FAKE_TWILIO_TOKEN}-wrong` })
      .sendSms({ to: '+15550100999', body: 'Hello' })
      .catch((error: unknown) => error)
    expect(refused).toMatchObject({ status: 401, providerCode: 20003, permanent: false })
  })

  it.each([
    [400, 21211, "The 'To' number +15550100999 is not a valid phone number."],
    [400, 21614, "'To' number is not a valid mobile number"],
    [400, 21610, 'Attempt to send to unsubscribed recipient'],
    [400, 21408, 'Permission to send an SMS has not been enabled for the region'],
  ])('calls a %i with code %i a refusal for good', async (status, code, message) => {
    twilio.refuseNext({ status, code, message })
    const refused = await senderWith()
      .sendSms({ to: '+15550100999', body: 'Hello' })
      .catch((error: unknown) => error)
    expect(refused).toMatchObject({ status, providerCode: code, permanent: true })
  })

  it.each([
    [429, 20429, 'Too Many Requests'],
    [503, 20503, 'Service Unavailable'],
    [500, 20500, 'Internal Server Error'],
    [400, 21611, "This 'From' number has exceeded the maximum number of queued messages"],
    [403, 20003, 'Permission Denied'],
  ])('calls a %i with code %i worth retrying', async (status, code, message) => {
    twilio.refuseNext({ status, code, message })
    const refused = await senderWith()
      .sendSms({ to: '+15550100999', body: 'Hello' })
      .catch((error: unknown) => error)
    expect(refused).toMatchObject({ status, providerCode: code, permanent: false })
  })
})
