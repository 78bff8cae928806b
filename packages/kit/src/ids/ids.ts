import { randomInt } from 'node:crypto'
import { v5, v7 } from 'uuid'

/** A new time-ordered id (uuid v7) for any row or event. */
export function newId(): string {
  return v7()
}

/** Fixed namespace for `derivedId`: any constant uuid works, it only has to never change. */
const DERIVED_NAMESPACE = '6f1c2f9e-3c1a-4d5e-9b7a-2f4e8d1c0a55'

/** The same uuid (v5) for the same name, every time: turns a client's idempotency key into a row's id. */
export function derivedId(name: string): string {
  return v5(name, DERIVED_NAMESPACE)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

const CODE_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A short random code for sharing (no look-alike characters such as l/1, O/0). */
export function newShortCode(length = 8): string {
  let code = ''
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return code
}
