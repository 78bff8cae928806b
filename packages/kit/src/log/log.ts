import { context, trace } from '@opentelemetry/api'
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino'
import type { LogLevel } from '../config/config.ts'
import { currentRequestId } from '../tracing/request-scope.ts'
import { tracingOn } from '../tracing/tracing.ts'

export type { Logger }

/** Request loggers (Fastify's `request.log`) already carry the request id as a binding. */
const requestLoggers = new WeakSet<object>()

export function markRequestLogger<T extends object>(logger: T): T {
  requestLoggers.add(logger)
  return logger
}

/**
 * The platform's structured logger: JSON lines on stdout. A request's own lines (`request.log`, and the one line
 * every request gets) carry its `reqId`. With tracing on, so does any line written on its behalf (`ctx.log` too), with
 * the `trace_id` and `span_id` of the span running then; with tracing off there is no request scope to read them
 * from, and the mixin adds nothing.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    // Failed queries carry their parameters (password hashes, customers' addresses): never log them.
    redact: { paths: ['err.params', 'err.query', 'err.cause.params', 'err.cause.query', 'err.client'], remove: true },
    mixin(_line, _level, logger) {
      if (!tracingOn()) return {} // a new one each time: pino merges the line's fields into it
      const reqId = requestLoggers.has(logger) ? undefined : currentRequestId()
      const span = trace.getSpan(context.active())?.spanContext()
      return {
        ...(reqId ? { reqId } : {}),
        ...(span ? { trace_id: span.traceId, span_id: span.spanId } : {}),
      }
    },
  }
  return destination ? pino(options, destination) : pino(options)
}
