import { describe, expect, it } from 'vitest'
import { type DeliveryOutcome, lastAnswer } from './delivery-answer.ts'

const delivery = (changes: Partial<DeliveryOutcome>): DeliveryOutcome => ({
  status: 'pending',
  attempts: 1,
  last_status_code: null,
  last_error: null,
  ...changes,
})

describe('the last answer of a delivery in the log', () => {
  it('gives a text the provider refused for good its reason, which already names the HTTP status', () => {
    const refused = delivery({
      status: 'failed',
      last_status_code: 400,
      last_error: "HTTP 400 (code 21211): The 'To' number +••••••••001 is not a valid phone number.",
    })
    expect(lastAnswer(refused)).toEqual({
      answer: null,
      reason: "HTTP 400 (code 21211): The 'To' number +••••••••001 is not a valid phone number.",
    })
  })

  it('gives a retrying delivery that got no answer the error instead', () => {
    const unanswered = delivery({ last_error: 'No answer within 10 s' })
    expect(lastAnswer(unanswered)).toEqual({ answer: null, reason: 'No answer within 10 s' })
  })

  it('shows both the status and the reason when the reason does not say the status', () => {
    const cancelled = delivery({ status: 'cancelled', last_status_code: 500, last_error: 'The channel was turned off' })
    expect(lastAnswer(cancelled)).toEqual({ answer: 'HTTP 500', reason: 'The channel was turned off' })
  })

  it('shows a webhook’s bare "HTTP 500" once', () => {
    expect(lastAnswer(delivery({ last_status_code: 500, last_error: 'HTTP 500' }))).toEqual({
      answer: null,
      reason: 'HTTP 500',
    })
  })

  it('gives a delivered one its status and no reason, and one not tried yet a dash', () => {
    expect(lastAnswer(delivery({ status: 'delivered', attempts: 2, last_status_code: 201 }))).toEqual({
      answer: 'HTTP 201',
      reason: null,
    })
    expect(lastAnswer(delivery({ attempts: 0 }))).toEqual({ answer: '—', reason: null })
  })
})
