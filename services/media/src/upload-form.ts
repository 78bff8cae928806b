import type { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { AppError, badRequest } from '@ambassador/kit/errors/errors'
import type { FastifyRequest } from 'fastify'

/** The largest image file an admin may upload. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

/** The form field the image comes in. */
export const FILE_FIELD = 'file'

/**
 * What the multipart parser may take in: one file of at most MAX_UPLOAD_BYTES (cut off there, never buffered
 * further) and a few short fields, so no form can make the server hold more than about one image.
 */
export const UPLOAD_LIMITS = { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 11 }

/** The bytes of the image an upload form carries in its `file` field. */
export async function readUploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new AppError(415, `Send the image as multipart/form-data, in a field named ${FILE_FIELD}`)
  }
  let file: Buffer | undefined
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue
      if (part.fieldname !== FILE_FIELD) {
        part.file.resume()
        continue
      }
      file = await readWithinLimit(part.file)
    }
  } catch (error) {
    throw formError(error)
  }
  if (file === undefined) throw badRequest(`Send the image in a form field named ${FILE_FIELD}`, 'missing_file')
  if (file.length === 0) throw badRequest('The file is empty', 'empty_file')
  return file
}

/**
 * Reads a file to its end, or fails the moment it passes the size limit (the parser cuts it off there, sets
 * `truncated` and says `limit`): the answer does not wait for the rest of an oversized upload, nothing past the
 * limit is kept. The parser may hand over a file already cut off, or already broken off, so its state is read too.
 */
async function readWithinLimit(file: Readable & { truncated: boolean }): Promise<Buffer> {
  const chunks: Buffer[] = []
  const overLimit = new Promise<never>((_resolve, reject) => file.once('limit', () => reject(tooLarge())))
  overLimit.catch(() => {}) // the race below hears it; without the race, nobody needs to
  if (file.truncated) throw tooLarge()
  file.on('data', (chunk: Buffer) => chunks.push(chunk))
  await Promise.race([finished(file), overLimit])
  if (file.truncated) throw tooLarge()
  return Buffer.concat(chunks)
}

const tooLarge = () => new AppError(413, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, 'too_large')

/** The multipart parser's failures, said in terms of an image upload. */
function formError(error: unknown): unknown {
  switch ((error as { code?: unknown }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge()
    case 'FST_FILES_LIMIT':
      return badRequest('Send one image per upload', 'too_many_files')
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError(413, 'The form has more fields than an image upload needs', 'too_large')
    case 'FST_MP_PREMATURE_CLOSE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return badRequest('The upload ended before the whole form arrived', 'incomplete_upload')
  }
  // The parser's own complaints (no boundary, a malformed part) come without a status.
  if (typeof (error as { statusCode?: unknown }).statusCode !== 'number') {
    return badRequest('The multipart form could not be read', 'malformed_form')
  }
  return error
}
