import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { isDatabaseUnavailable, postgresCode } from '../db/errors.ts'
import { AppError } from '../errors/errors.ts'

/** Answers any error as `{statusCode, error, message}`: expected ones with their status, the rest as a bare 500. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { statusCode, message } = describe(error, request)
  return reply.status(statusCode).send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message })
}

function describe(error: unknown, request: FastifyRequest): { statusCode: number; message: string } {
  if (error instanceof AppError) return { statusCode: error.statusCode, message: error.message }
  const fastifyError = error as Partial<FastifyError>
  if (fastifyError.validation) {
    return { statusCode: 400, message: fastifyError.message ?? 'Invalid request' }
  }
  const status = fastifyError.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { statusCode: status, message: fastifyError.message ?? 'Bad request' }
  }
  const code = postgresCode(error)
  if (code === '22021' || code === '22P05') {
    return { statusCode: 400, message: 'The request contains characters that cannot be stored' }
  }
  // A unique constraint lost to a concurrent request: the same answer the domain gives when it sees the clash.
  if (code === '23505') {
    return { statusCode: 409, message: 'This conflicts with a change made at the same moment; try again' }
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable')
    return { statusCode: 503, message: 'The service is temporarily unavailable, try again shortly' }
  }
  request.log.error({ err: error, reqId: request.id }, 'request failed')
  return { statusCode: 500, message: 'Something went wrong on our side' }
}
