/**
 * An expected failure with an HTTP status and a stable machine-readable `code` (clients branch on it, never on the
 * wording of the message); the one kind of error domain code throws.
 */
export class AppError extends Error {
  readonly code: string
  /** For a 429 or 503: how long the client should wait before trying again (sent as Retry-After). */
  retryAfterSeconds?: number
  constructor(
    readonly statusCode: number,
    message: string,
    code?: string,
  ) {
    super(message)
    this.name = 'AppError'
    this.code = code ?? codeForStatus(statusCode)
  }
}

/** The code of an error that names none: one per HTTP status. */
export function codeForStatus(statusCode: number): string {
  return STATUS_CODE_NAMES[statusCode] ?? (statusCode >= 500 ? 'internal_error' : 'bad_request')
}

const STATUS_CODE_NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  402: 'payment_failed',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  500: 'internal_error',
  503: 'unavailable',
}

export const badRequest = (message: string, code?: string) => new AppError(400, message, code)
export const unauthorized = (message = 'You are not logged in', code?: string) => new AppError(401, message, code)
export const paymentRequired = (message: string, code?: string) => new AppError(402, message, code)
export const forbidden = (message = 'You are not allowed to do this', code?: string) => new AppError(403, message, code)
export const notFound = (message = 'Not found', code?: string) => new AppError(404, message, code)
export const conflict = (message: string, code?: string) => new AppError(409, message, code)
/** What was there once and is no more (a spent or expired one-time link). */
export const gone = (message: string, code?: string) => new AppError(410, message, code)
export const tooManyRequests = (message: string, retryAfterSeconds: number, code?: string) =>
  Object.assign(new AppError(429, message, code), { retryAfterSeconds })
export const unavailable = (message = 'The service is temporarily unavailable, try again shortly') =>
  new AppError(503, message)

/**
 * An event needs something another stream has not delivered yet (an order for an ambassador whose registration
 * is still on its way). Not a poison event: it is delivered again later, and parked only if it never resolves.
 */
export class NotYetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NotYetError'
  }
}

export const notYet = (message: string) => new NotYetError(message)
