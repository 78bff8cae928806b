/** Sends one text message; the provider's message id on success. */
export type SmsSender = {
  sendSms(message: { to: string; body: string }): Promise<{ id: string }>
}

/**
 * The provider answered, but did not take the message: its HTTP status, its own error code and message when it gave
 * them, its answer as received (for the delivery log), how long it asked us to wait (a 429's Retry-After), and whether
 * the refusal is for good (`permanent`: the same message to the same phone can never be taken; not worth retrying).
 */
export class SmsRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly providerCode: number | string | undefined,
    readonly providerMessage: string | undefined,
    readonly answer: string,
    readonly retryAfterHeader: string | undefined,
    readonly permanent: boolean,
  ) {
    super(
      `HTTP ${status}${providerCode !== undefined ? ` (code ${providerCode})` : ''}${providerMessage ? `: ${providerMessage}` : ''}`,
    )
    this.name = 'SmsRefusedError'
  }
}
