/** An expected failure with an HTTP status; the one kind of error domain code throws. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const badRequest = (message: string) => new AppError(400, message)
export const unauthorized = (message = 'You are not logged in') => new AppError(401, message)
export const paymentRequired = (message: string) => new AppError(402, message)
export const forbidden = (message = 'You are not allowed to do this') => new AppError(403, message)
export const notFound = (message = 'Not found') => new AppError(404, message)
export const conflict = (message: string) => new AppError(409, message)
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
