import { randomFillSync, randomInt } from 'node:crypto'
import { v5, v7 } from 'uuid'

/** Random bytes for ids, drawn 16 at a time from a pool refilled in one call when it runs out. */
const pool = Buffer.allocUnsafe(16 * 256)
let poolOffset = pool.length

function random16(): Uint8Array {
  if (poolOffset === pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  poolOffset += 16
  return pool.subarray(poolOffset - 16, poolOffset)
}

/** The last id's millisecond and counter: ids made in the same millisecond count up from a random start. */
const clock = { msecs: Number.NEGATIVE_INFINITY, seq: 0 }

/**
 * A new time-ordered id (uuid v7) for any row or event; ids made one after the other in this process sort in that
 * order. As `uuid`'s own v7 does, except for where the randomness comes from: it asks the operating system for 16
 * bytes per id (microseconds each, on every order, event and click), here one call gives 256 ids.
 */
export function newId(): string {
  const random = random16()
  const now = Date.now()
  if (now > clock.msecs) {
    clock.msecs = now
    clock.seq =
      (((random[6] as number) & 0x7f) << 24) |
      ((random[7] as number) << 16) |
      ((random[8] as number) << 8) |
      (random[9] as number)
  } else {
    clock.seq = (clock.seq + 1) | 0
    if (clock.seq === 0) clock.msecs++
  }
  return v7({ random, msecs: clock.msecs, seq: clock.seq })
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
