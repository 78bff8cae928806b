import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Config } from '../config/config.ts'

export type SigningKeys = { privateKey: KeyObject | undefined; publicKey: KeyObject }

/**
 * The token keys: from config when given (JWT_PRIVATE_KEY and/or JWT_PUBLIC_KEY, PEM), otherwise an Ed25519
 * pair generated on first start into `<dataDir>/keys` and reused after.
 */
export async function loadSigningKeys(config: Config): Promise<SigningKeys> {
  if (config.jwtPrivateKey || config.jwtPublicKey) {
    const privateKey = config.jwtPrivateKey ? readKey(() => createPrivateKey(config.jwtPrivateKey ?? '')) : undefined
    const publicKey = config.jwtPublicKey
      ? readKey(() => createPublicKey(config.jwtPublicKey ?? ''))
      : createPublicKey(privateKey as KeyObject)
    return { privateKey, publicKey }
  }
  const dir = path.join(config.dataDir, 'keys')
  const file = path.join(dir, 'jwt-ed25519.pem')
  if (!existsSync(file)) {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const { privateKey } = generateKeyPairSync('ed25519')
    await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error // another process created it first: use theirs
      },
    )
  }
  const privateKey = createPrivateKey(await readFile(file, 'utf8'))
  return { privateKey, publicKey: createPublicKey(privateKey) }
}

function readKey(parse: () => KeyObject): KeyObject {
  try {
    return parse()
  } catch (error) {
    throw new Error('JWT_PRIVATE_KEY / JWT_PUBLIC_KEY must be PEM-encoded Ed25519 keys', { cause: error })
  }
}
