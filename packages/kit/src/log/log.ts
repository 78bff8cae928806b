import { type Logger, pino } from 'pino'
import type { LogLevel } from '../config/config.ts'

export type { Logger }

/** The platform's structured logger: JSON lines on stdout. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    // Failed queries carry their parameters (password hashes, customers' addresses): never log them.
    redact: { paths: ['err.params', 'err.query', 'err.cause.params', 'err.cause.query', 'err.client'], remove: true },
  })
}
