import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import net, { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { AppError } from '@ambassador/kit/errors/errors'
import { createLogger } from '@ambassador/kit/log/log'
import { testConfig } from '@ambassador/kit/testing/config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TestS3Server } from '../testing/s3-server.ts'
import { createDiskStorage } from './disk.ts'
import { createS3Storage } from './s3.ts'
import { createStorage, type MediaStorage } from './storage.ts'

const log = createLogger('silent')

async function readAll(body: Readable) {
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

describe.each([
  [
    'on disk',
    async () => {
      const directory = await mkdtemp(path.join(os.tmpdir(), 'media-disk-'))
      return {
        storage: await createDiskStorage(directory),
        stop: () => rm(directory, { recursive: true, force: true }),
      }
    },
  ],
  [
    'in S3 (s3rver)',
    async () => {
      const s3 = await startS3Server()
      return { storage: await createStorage(testConfig(s3.env), log), stop: s3.close }
    },
  ],
])('storage %s', (_where, open) => {
  let storage: MediaStorage
  let stop: () => Promise<void>
  beforeAll(async () => ({ storage, stop } = await open()))
  afterAll(async () => {
    await storage?.close()
    await stop?.()
  })

  it('gives back what was put, with its length, and knows it is there', async () => {
    const bytes = Buffer.from('RIFF....WEBPVP8 pretend')
    await storage.put('aa-card.webp', bytes, 'image/webp')
    const stored = await storage.get('aa-card.webp')
    expect(stored?.bytes).toBe(bytes.length)
    expect(stored && (await readAll(stored.body)).equals(bytes)).toBe(true)
    expect(await storage.stat('aa-card.webp')).toEqual({ bytes: bytes.length })
  })

  it('answers undefined for a key nothing was put under', async () => {
    expect(await storage.get('bb-card.webp')).toBeUndefined()
    expect(await storage.stat('bb-card.webp')).toBeUndefined()
  })

  it('replaces a file put again under the same key', async () => {
    await storage.put('cc-card.webp', Buffer.from('first'), 'image/webp')
    await storage.put('cc-card.webp', Buffer.from('second, longer'), 'image/webp')
    const stored = await storage.get('cc-card.webp')
    expect(stored && (await readAll(stored.body)).toString()).toBe('second, longer')
  })
})

describe('disk storage', () => {
  let directory: string
  let storage: MediaStorage
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'media-disk-'))
    storage = await createDiskStorage(path.join(directory, 'media'))
  })
  afterAll(() => rm(directory, { recursive: true, force: true }))

  it('creates its directory, and leaves only the finished file there after a put', async () => {
    await storage.put('dd-full.webp', Buffer.alloc(100_000, 1), 'image/webp')
    expect(await readdir(path.join(directory, 'media'))).toEqual(['dd-full.webp'])
  })

  it('leaves no file behind, finished or temporary, when a write cannot complete', async () => {
    // A directory (with something in it) holds the file's name: the final rename cannot replace it.
    await mkdir(path.join(directory, 'media', 'ee-card.webp'))
    await writeFile(path.join(directory, 'media', 'ee-card.webp', 'keep'), 'x')
    await expect(storage.put('ee-card.webp', Buffer.from('image'), 'image/webp')).rejects.toThrow()
    expect((await readdir(path.join(directory, 'media'))).sort()).toEqual(['dd-full.webp', 'ee-card.webp'])
    expect(await storage.stat('ee-card.webp')).toBeUndefined() // a directory is not a stored file
  })

  it.each(['../escape.webp', 'a/b.webp', '.hidden.webp', ''])(
    'refuses the key %j rather than reach outside',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'), 'image/webp')).rejects.toThrow(/Not a storage key/)
      await expect(storage.get(key)).rejects.toThrow(/Not a storage key/)
    },
  )
})

describe('S3 storage', () => {
  let s3: TestS3Server
  beforeAll(async () => {
    s3 = await startS3Server()
  })
  afterAll(() => s3?.close())

  it('says the storage is unavailable (503) when the S3 server hangs up', async () => {
    const config = testConfig(s3.env).s3
    if (!config) throw new Error('no S3 configuration')
    // A server that takes every connection and hangs up at once.
    const hangingUp = net.createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => hangingUp.listen(0, '127.0.0.1', resolve))
    const { port } = hangingUp.address() as AddressInfo
    const down = createS3Storage({ ...config, endpoint: `http://127.0.0.1:${port}` }, log)
    for (const attempt of [
      () => down.put('ff-card.webp', Buffer.from('x'), 'image/webp'),
      () => down.get('ff-card.webp'),
      () => down.stat('ff-card.webp'),
    ]) {
      const failure = await attempt().catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(AppError)
      expect(failure).toMatchObject({ statusCode: 503, code: 'unavailable' })
    }
    await down.close()
    await new Promise((resolve) => hangingUp.close(resolve))
  })

  it('refuses to store into a bucket that does not exist, rather than pretend it did', async () => {
    const config = testConfig(s3.env).s3
    if (!config) throw new Error('no S3 configuration')
    const wrong = createS3Storage({ ...config, bucket: 'no-such-bucket' }, log)
    await expect(wrong.put('gg-card.webp', Buffer.from('x'), 'image/webp')).rejects.toMatchObject({
      name: 'NoSuchBucket',
    })
    await wrong.close()
  })
})
