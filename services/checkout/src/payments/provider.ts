/** Stripe Checkout's placeholder for the session id in a success URL; every provider fills it in the same way. */
export const SESSION_ID_PLACEHOLDER = '{CHECKOUT_SESSION_ID}'

/** One line as the payment page shows it; amounts in integer minor units. */
export type PaymentLineItem = { title: string; unitMinor: number; quantity: number }

export type NewPaymentSession = {
  orderId: string
  amountMinor: number
  currency: string
  customerEmail: string
  lineItems: PaymentLineItem[]
  /** Where the customer lands after paying; the provider replaces SESSION_ID_PLACEHOLDER with the session id. */
  successUrl: string
  cancelUrl: string
}

/** A hosted payment page: its id (the `source` the customer confirms with) and where to send the customer. */
export type PaymentSessionLink = { id: string; url: string }

/** What the provider says about a session: the only word checkout trusts on whether it was paid. */
export type PaymentSessionState = {
  id: string
  orderId: string
  status: 'open' | 'paid' | 'expired'
  amountMinor: number
}

/** A verified notification from the provider. */
export type PaymentEvent = { type: 'payment.succeeded'; sessionId: string }

export type WebhookHeaders = Record<string, string | string[] | undefined>

/**
 * Takes payments for orders: a hosted payment page per order (Stripe Checkout, or the embedded test provider),
 * a way to ask whether it was paid, and verification of the provider's signed webhooks.
 */
export type PaymentProvider = {
  createSession(input: NewPaymentSession): Promise<PaymentSessionLink>
  /** Whether `id` has the shape of this provider's session ids: checked before asking it about an id from anyone. */
  isSessionId(id: string): boolean
  /** The session as the provider knows it; undefined when it has none with this id. */
  retrieveSession(id: string): Promise<PaymentSessionState | undefined>
  /** Checks a webhook's signature over the exact bytes received; throws badRequest when it does not match. */
  verifyWebhook(rawBody: string, headers: WebhookHeaders): PaymentEvent
  /**
   * Closes an unpaid session for good (Stripe: sessions.expire), so its page can no longer take money. Says what
   * the session is now: `expired`, or `paid` if the customer paid first (then the order completes instead).
   */
  expireSession(id: string): Promise<'expired' | 'paid' | 'unknown'>
  /** The session the provider opened for an order, for an order whose session id was never stored (if it can tell). */
  sessionOfOrder?(orderId: string): Promise<string | undefined>
}
