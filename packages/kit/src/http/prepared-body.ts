import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** Bodies smaller than this go out as they are: compressing them saves less than it costs. */
export const COMPRESS_THRESHOLD_BYTES = 1024

/** Text compresses; images and fonts are compressed already. */
const COMPRESSIBLE = /json|text|javascript|svg|xml/

type Encoding = 'br' | 'gzip'

/**
 * A response body made once and sent many times: its bytes, a strong ETag, and its brotli and gzip forms, each
 * compressed (off the event loop) the first time a client asks for it and kept.
 */
export type PreparedBody = {
  bytes: Buffer
  type: string
  etag: string
  compressed: Map<Encoding, Promise<Buffer>>
}

export function prepareBody(content: string | Buffer, type: string): PreparedBody {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content
  const etag = `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`
  return { bytes, type, etag, compressed: new Map() }
}

/** A prepared body whose compressed forms are already known (an asset compressed at build time). */
export function preparedWith(body: PreparedBody, forms: Partial<Record<Encoding, Buffer>>): PreparedBody {
  for (const [encoding, bytes] of Object.entries(forms) as [Encoding, Buffer][]) {
    body.compressed.set(encoding, Promise.resolve(bytes))
  }
  return body
}

function compress(body: PreparedBody, encoding: Encoding): Promise<Buffer> {
  let pending = body.compressed.get(encoding)
  if (!pending) {
    pending =
      encoding === 'br'
        ? brotli(body.bytes, {
            params: {
              // Quality 5 compresses JSON nearly as well as 11 at a fraction of the time; it happens once per body.
              [constants.BROTLI_PARAM_QUALITY]: 5,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.bytes.length,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            },
          })
        : gzipAsync(body.bytes, { level: 6 })
    body.compressed.set(encoding, pending)
  }
  return pending
}

/** The encoding to answer with: brotli, else gzip, if the client accepts it (a q=0 refuses). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined
  let gzipOk = false
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const refused = params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p))
    if (refused) continue
    if (name === 'br') return 'br'
    if (name === 'gzip' || name === '*') gzipOk = true
  }
  return gzipOk ? 'gzip' : undefined
}

/**
 * Sends a prepared body: its brotli or gzip form when the client takes one and the body is worth compressing,
 * else the bytes as they are; 304 when the client already holds that very form (each form has its own ETag).
 */
export async function sendPrepared(request: FastifyRequest, reply: FastifyReply, body: PreparedBody) {
  const worthIt = body.bytes.length >= COMPRESS_THRESHOLD_BYTES && COMPRESSIBLE.test(body.type)
  const encoding = worthIt ? chooseEncoding(request.headers['accept-encoding']) : undefined
  const etag = encoding ? `${body.etag.slice(0, -1)}-${encoding}"` : body.etag
  // Added to what is there (CORS has already said the answer varies by Origin), never replacing it.
  const vary = reply.getHeader('vary')
  reply
    .header('etag', etag)
    .header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
    .type(body.type)
  if (request.headers['if-none-match'] === etag) return reply.status(304).send()
  if (!encoding) return reply.send(body.bytes)
  const bytes = await compress(body, encoding) // before the header: a failure must not go out labelled compressed
  return reply.header('content-encoding', encoding).send(bytes)
}
