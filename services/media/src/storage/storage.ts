import path from 'node:path'
import type { Readable } from 'node:stream'
import type { Config } from '@ambassador/kit/config/config'
import type { Logger } from '@ambassador/kit/log/log'
import { createDiskStorage } from './disk.ts'

/** A stored file, ready to stream, with its length in bytes. */
export type StoredFile = { body: Readable; bytes: number }

/**
 * Where image files live, by key (`<hash>-<variant>.webp`). Files are written once and never changed: a key
 * names its content.
 */
export type MediaStorage = {
  /** Says where files go, for the log. */
  readonly location: string
  /** Stores `bytes` under `key`, whole or not at all; storing the same key again replaces it. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  /** The file under `key`, or undefined when there is none. */
  get(key: string): Promise<StoredFile | undefined>
  /** Whether a file is stored under `key`, and its length (a HEAD request needs no body). */
  stat(key: string): Promise<{ bytes: number } | undefined>
  close(): Promise<void>
}

/** S3-compatible object storage when S3_BUCKET is set, else files under DATA_DIR/media. */
export async function createStorage(config: Config, log: Logger): Promise<MediaStorage> {
  const storage = config.s3
    ? // The AWS SDK takes a third of a second to load: only a server that uses it loads it.
      (await import('./s3.ts')).createS3Storage(config.s3, log)
    : await createDiskStorage(path.join(config.dataDir, 'media'))
  log.info({ storage: storage.location }, 'images are stored here')
  return storage
}
