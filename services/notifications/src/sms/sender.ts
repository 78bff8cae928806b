/** Sends one text message; the provider's message id on success. */
export type SmsSender = {
  sendSms(message: { to: string; body: string }): Promise<{ id: string }>
}

/**
 * The provider answered, but did not take the message: its HTTP status, its own error code and message when it gave
 * them, its answer as received (for the delivery log), and how long it asked us to wait (a 429's Retry-After).
 */
export class SmsRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly providerCode: number | string | undefined,
    readonly providerMessage: string | undefined,
    readonly answer: string,
    readonly retryAfterHeader: string | undefined,
  ) {
    super(
      `HTTP ${status}${providerCode !== undefined ? ` (code ${providerCode})` : ''}${providerMessage ? `: ${providerMessage}` : ''}`,
    )
    this.name = 'SmsRefusedError'
  }
}
