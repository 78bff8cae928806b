import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { MediaStorage } from './storage.ts'

/** Keys are file names we made: no separators, no leading dot (temporary files start with one). */
const SAFE_KEY = /^[a-z0-9][a-z0-9.-]{0,127}$/

/** Files in one directory (DATA_DIR/media by default). */
export async function createDiskStorage(directory: string): Promise<MediaStorage> {
  await mkdir(directory, { recursive: true })
  const fileOf = (key: string) => {
    if (!SAFE_KEY.test(key)) throw new Error(`Not a storage key: ${JSON.stringify(key)}`)
    return path.join(directory, key)
  }
  return {
    location: directory,
    async put(key, bytes) {
      const file = fileOf(key)
      // Written beside its final name, flushed, then renamed (atomic within a directory): a crash or a full disk
      // leaves a stray temporary file at worst, never half an image under a name that is served.
      const temporary = path.join(directory, `.${key}.${randomBytes(6).toString('hex')}.partial`)
      try {
        const handle = await open(temporary, 'wx')
        try {
          await handle.writeFile(bytes)
          await handle.sync()
        } finally {
          await handle.close()
        }
        await rename(temporary, file)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },
    async get(key) {
      const handle = await open(fileOf(key), 'r').catch(absentAsUndefined)
      if (!handle) return undefined
      try {
        const { size } = await handle.stat()
        return { body: handle.createReadStream(), bytes: size }
      } catch (error) {
        await handle.close()
        throw error
      }
    },
    async stat(key) {
      const found = await stat(fileOf(key)).catch(absentAsUndefined)
      return found?.isFile() ? { bytes: found.size } : undefined
    },
    async close() {},
  }
}

function absentAsUndefined(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
  throw error
}
