import { hash, verify } from '@node-rs/argon2'

const ARGON2ID = 2 // Algorithm.Argon2id: a const enum, which isolated modules cannot read

/** Hashes a password with argon2id (OWASP's recommended parameters: 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 })
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password)
  } catch {
    return false
  }
}

/** Checked when the email is unknown, so a login takes as long whether or not the account exists. */
export const DUMMY_HASH = await hashPassword('not-a-real-password')
