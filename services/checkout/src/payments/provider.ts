/** Stripe Checkout's placeholder for the session id in a success URL; every provider fills it in the same way. */
export const SESSION_ID_PLACEHOLDER = '{CHECKOUT_SESSION_ID}'

/** One line as the payment page shows it; amounts in integer minor units. */
export type PaymentLineItem = { title: string; unitMinor: number; quantity: number }

export type NewPaymentSession = {
  orderId: string
  amountMinor: number
  currency: string
  /** Prefilled on the provider's page; left out when checkout does not know it (a top-up). */
  customerEmail?: string | undefined
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
  /** The payment refunds are made against (Stripe: the PaymentIntent), once there is one. */
  paymentId: string | undefined
  /** The provider's fingerprint of the card that paid (the same card always has the same one), when it tells it. */
  cardFingerprint?: string | undefined
}

/** A refund as the provider knows it. `refundId` is ours, when we asked for it (Stripe: the refund's metadata). */
export type ProviderRefund = {
  id: string
  amountMinor: number
  status: 'pending' | 'succeeded' | 'failed' | 'canceled'
  refundId: string | undefined
}

export type NewRefund = {
  /** Our refund's id: the idempotency key, and how the provider's notification of it is matched to ours. */
  refundId: string
  orderId: string
  paymentId: string
  amountMinor: number
}

/**
 * A verified notification from the provider, reduced to what it is about: checkout asks the provider for the current
 * state of that session or payment rather than trusting the order notifications arrive in.
 */
export type PaymentEvent = {
  /** The provider's event id: each is applied once. */
  id: string
  /** The provider's name for it (`checkout.session.completed`), for the transaction log. */
  name: string
} & (
  | { about: 'session'; sessionId: string }
  | { about: 'refunds'; paymentId: string }
  /** A type checkout does not act on: acknowledged and logged. */
  | { about: 'nothing' }
)

export type WebhookHeaders = Record<string, string | string[] | undefined>

/**
 * Takes payments for orders: a hosted payment page per order (Stripe Checkout, or the embedded test provider),
 * a way to ask whether it was paid, refunds, and verification of the provider's signed webhooks.
 */
export type PaymentProvider = {
  /** Its name in the transaction log: `stripe` or `test`. */
  name: string
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
  /** Gives money back on a payment; the same `refundId` never refunds twice. */
  refund(input: NewRefund): Promise<ProviderRefund>
  /** Every refund made on a payment, ours or made elsewhere (Stripe's dashboard). */
  listRefunds(paymentId: string): Promise<ProviderRefund[]>
}
