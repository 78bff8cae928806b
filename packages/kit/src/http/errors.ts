import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors/errors.ts'

/** PostgreSQL connection-level failures: the database is unreachable, not the request wrong. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300'])

/** Answers any error as `{statusCode, error, message}`: expected ones with their status, the rest as a bare 500. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { statusCode, message } = describe(error, request)
  return reply.status(statusCode).send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message })
}

function describe(error: unknown, request: FastifyRequest): { statusCode: number; message: string } {
  if (error instanceof AppError) return { statusCode: error.statusCode, message: error.message }
  const fastifyError = error as Partial<FastifyError> & { code?: string }
  if (fastifyError.validation) {
    return { statusCode: 400, message: fastifyError.message ?? 'Invalid request' }
  }
  const status = fastifyError.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { statusCode: status, message: fastifyError.message ?? 'Bad request' }
  }
  const code = fastifyError.code ?? ''
  if (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    /Connection terminated|connect ECONNREFUSED/.test(String(fastifyError.message))
  ) {
    request.log.warn({ err: error }, 'database unavailable')
    return { statusCode: 503, message: 'The service is temporarily unavailable, try again shortly' }
  }
  request.log.error({ err: error, reqId: request.id }, 'request failed')
  return { statusCode: 500, message: 'Something went wrong on our side' }
}
