import { Readable } from 'node:stream'
import type { S3Config } from '@ambassador/kit/config/config'
import { unavailable } from '@ambassador/kit/errors/errors'
import type { Logger } from '@ambassador/kit/log/log'
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { IMMUTABLE } from '../file-names.ts'
import type { MediaStorage } from './storage.ts'

/** How S3 says there is no such object (HEAD answers have no body, so only a bare NotFound). */
const MISSING_OBJECT = new Set(['NoSuchKey', 'NotFound'])

/** Objects in an S3 bucket (AWS, or an S3-compatible server such as MinIO or s3rver at S3_ENDPOINT). */
export function createS3Storage(config: S3Config, log: Logger): MediaStorage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
    // A storage that stops answering fails the request in time instead of holding it.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    // Checksums only where S3 requires them: many S3-compatible servers refuse the SDK's newer default ones.
    ...(config.endpoint
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  })
  const Bucket = config.bucket
  const where = `s3://${Bucket}`

  /**
   * Sends a request: a missing object → undefined (when `missing` allows it), a storage that cannot be reached or
   * fails → 503, anything else (a missing bucket, access refused: the configuration) as it is.
   */
  async function ask<T>(request: () => Promise<T>, missing: 'absent' | 'error' = 'error'): Promise<T | undefined> {
    try {
      return await request()
    } catch (error) {
      if (!(error instanceof S3ServiceException) || (error.$metadata.httpStatusCode ?? 500) >= 500) {
        log.warn({ err: error, storage: where }, 'the image storage did not answer')
        throw unavailable('The image storage is unavailable, try again shortly')
      }
      if (missing === 'absent' && MISSING_OBJECT.has(error.name)) return undefined
      throw error
    }
  }

  return {
    location: `${where} at ${config.endpoint ?? `AWS ${config.region}`}`,
    async put(Key, bytes, contentType) {
      await ask(() =>
        client.send(
          new PutObjectCommand({ Bucket, Key, Body: bytes, ContentType: contentType, CacheControl: IMMUTABLE }),
        ),
      )
    },
    async get(Key) {
      const object = await ask(() => client.send(new GetObjectCommand({ Bucket, Key })), 'absent')
      if (!object) return undefined
      const { Body, ContentLength } = object
      if (!(Body instanceof Readable) || ContentLength === undefined) {
        throw new Error(`S3 answered ${Key} without a readable body and its length`)
      }
      return { body: Body, bytes: ContentLength }
    },
    async stat(Key) {
      const head = await ask(() => client.send(new HeadObjectCommand({ Bucket, Key })), 'absent')
      return head?.ContentLength === undefined ? undefined : { bytes: head.ContentLength }
    },
    async close() {
      client.destroy()
    },
  }
}
