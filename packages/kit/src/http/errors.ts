import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { isDatabaseUnavailable, postgresCode } from '../db/errors.ts'
import { AppError, codeForStatus } from '../errors/errors.ts'

/**
 * Answers any error as `{statusCode, error, message, code, request_id}`: expected ones with their status and
 * code, the rest as a bare 500. `code` is stable for clients to act on; `request_id` finds the request in the log.
 */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { statusCode, message, code } = describe(error, request)
  if (error instanceof AppError && error.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))))
  }
  return reply
    .status(statusCode)
    .send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code, request_id: request.id })
}

type Described = { statusCode: number; message: string; code: string }

function describe(error: unknown, request: FastifyRequest): Described {
  if (error instanceof AppError) return { statusCode: error.statusCode, message: error.message, code: error.code }
  const fastifyError = error as Partial<FastifyError>
  if (fastifyError.validation) {
    return { statusCode: 400, message: fastifyError.message ?? 'Invalid request', code: 'invalid_request' }
  }
  const status = fastifyError.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'invalid_json'
        : codeForStatus(status)
    return { statusCode: status, message: fastifyError.message ?? 'Bad request', code }
  }
  const code = postgresCode(error)
  if (code === '22021' || code === '22P05') {
    return {
      statusCode: 400,
      message: 'The request contains characters that cannot be stored',
      code: 'unstorable_text',
    }
  }
  // A unique constraint lost to a concurrent request: the same answer the domain gives when it sees the clash.
  if (code === '23505') {
    return {
      statusCode: 409,
      message: 'This conflicts with a change made at the same moment; try again',
      code: 'conflict',
    }
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable')
    return {
      statusCode: 503,
      message: 'The service is temporarily unavailable, try again shortly',
      code: 'unavailable',
    }
  }
  request.log.error({ err: error, reqId: request.id }, 'request failed')
  return { statusCode: 500, message: 'Something went wrong on our side', code: 'internal_error' }
}
