import { badRequest } from '@ambassador/kit/errors/errors'

/** How many phones one SMS channel may text. */
export const MAX_PHONES = 10

/** E.164: a +, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/

/** A number without the spaces, dashes, dots and brackets people type between digits. */
const withoutSeparators = (phone: string) => phone.replace(/[\s().-]/g, '')

/**
 * The numbers as the provider wants them (E.164), without the spaces, dashes, dots and brackets people type; each
 * once, sorted. Refuses (400 `invalid_phone_numbers`) an empty list, more than MAX_PHONES, or anything that is not E.164.
 */
export function checkPhones(phones: string[]): string[] {
  const unique = [...new Set(phones.map(withoutSeparators))]
  if (unique.length === 0) throw badRequest('Give at least one phone number', 'invalid_phone_numbers')
  if (unique.length > MAX_PHONES) {
    throw badRequest(`At most ${MAX_PHONES} phone numbers per channel`, 'invalid_phone_numbers')
  }
  // Named as the admin typed them, unmasked: they are in the request, and they need to see which one is wrong.
  const bad = [...new Set(phones.filter((phone) => !E164.test(withoutSeparators(phone))))]
  if (bad.length > 0) {
    throw badRequest(
      `Not a phone number in international form (+ and country code, like +15551234567): ${bad.join(', ')}`,
      'invalid_phone_numbers',
    )
  }
  return unique.sort()
}

/** A phone number as answers show it: every digit but the last 3 hidden (it is personal data). */
export function maskPhone(phone: string): string {
  const keep = Math.max(0, phone.length - 3)
  return phone.slice(0, keep).replace(/\d/g, '•') + phone.slice(keep)
}
