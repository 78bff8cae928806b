import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '../chat/topics.ts'
import { checkPhones, maskPhone } from './phones.ts'
import { MAX_SMS_LENGTH, smsText } from './text.ts'

describe('phone numbers', () => {
  it('keeps them in E.164 form, without what people type between digits, each once', () => {
    expect(checkPhones(['+33 6 12-34.56 78', '+1 (555) 010-0999', '+33612345678'])).toEqual([
      '+15550100999',
      '+33612345678',
    ])
  })

  it('names the numbers it refuses as they were typed (the admin typed them), not masked nor rewritten', () => {
    const refusal = (() => {
      try {
        checkPhones(['+1 (555) 01', '+33 6 12 34 56 78', '06-12-34-56-78'])
      } catch (error) {
        return error
      }
    })()
    expect(refusal).toMatchObject({ code: 'invalid_phone_numbers' })
    expect(refusal).toHaveProperty('message', expect.stringContaining(': +1 (555) 01, 06-12-34-56-78'))
    expect(refusal).not.toHaveProperty('message', expect.stringContaining('+33'))
  })

  it('hides every digit but the last 3', () => {
    expect(maskPhone('+33612345678')).toBe('+••••••••678')
  })

  it.each([
    ['a local number', ['0612345678']],
    ['a country code starting with 0', ['+0612345678']],
    ['too few digits', ['+12345']],
    ['too many digits', ['+1234567890123456']],
    ['an extension', ['+15550100999 ext 12']],
    ['no number at all', []],
    ['eleven numbers', Array.from({ length: 11 }, (_, i) => `+1555010${1000 + i}`)],
  ])('refuses %s', (_, phones) => {
    expect(() => checkPhones(phones)).toThrow(expect.objectContaining({ code: 'invalid_phone_numbers' }))
  })
})

describe('the text of an SMS', () => {
  const message: ChatMessage = {
    topic: 'new_order',
    title: 'New order: $40.00',
    summary: 'Ada Lovelace bought 2 items.',
    fields: [{ name: 'Total', value: '$40.00' }],
    color: 0,
    at: '2026-11-28T10:00:00.000Z',
  }

  it('is the store’s name, the title and the sentence', () => {
    expect(smsText(message, 'Kites & Co')).toBe('Kites & Co: New order: $40.00. Ada Lovelace bought 2 items.')
  })

  it('is cut to 320 characters, ending with an ellipsis', () => {
    const text = smsText({ ...message, summary: `${'x'.repeat(1_000)} bought 2 items.` }, 'Kites & Co')
    expect(text).toHaveLength(MAX_SMS_LENGTH)
    expect(text.endsWith('…')).toBe(true)
  })
})
