import { notFound } from '@ambassador/kit/errors/errors'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { IMMUTABLE, mediaFileName, parseMediaFileName } from './file-names.ts'
import type { MediaStorage } from './storage/storage.ts'

/**
 * Answers GET and HEAD for a media file (`<hash>-<variant>.webp`): cacheable for a year (a name never changes
 * content), revalidated by an ETag, streamed from the storage. Any other name is simply not found.
 */
export async function sendMediaFile(
  storage: MediaStorage,
  name: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const file = parseMediaFileName(name)
  if (!file) throw noSuchImage()
  const key = mediaFileName(file.hash, file.variant)
  const etag = `"${file.hash}-${file.variant}"`
  // Only a file that is there may be cached for a year: a "not found" must not be.
  const describeFile = () => reply.type('image/webp').header('cache-control', IMMUTABLE).header('etag', etag)

  const ifNoneMatch = request.headers['if-none-match']
  // An answer without a body needs to know only that the file is there, and its length: no need to read it.
  if (request.method === 'HEAD' || ifNoneMatch !== undefined) {
    const stored = await storage.stat(key)
    if (!stored) throw noSuchImage()
    describeFile()
    if (ifNoneMatch !== undefined && matchesEtag(ifNoneMatch, etag)) return reply.status(304).send()
    if (request.method === 'HEAD') return reply.header('content-length', stored.bytes).send()
  }
  const stored = await storage.get(key)
  if (!stored) throw noSuchImage()
  return describeFile().header('content-length', stored.bytes).send(stored.body)
}

/** If-None-Match lists tags (weak or strong, compared weakly) or says `*` (any current version). */
function matchesEtag(header: string, etag: string): boolean {
  return header.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag
  })
}

const noSuchImage = () => notFound('No such image')
