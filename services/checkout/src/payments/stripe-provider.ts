import type { StripeConfig } from '@ambassador/kit/config/config'
import { stripeClientOptions } from '@ambassador/kit/config/stripe-client'
import { badRequest } from '@ambassador/kit/errors/errors'
import Stripe from 'stripe'
import type { PaymentEvent, PaymentProvider, PaymentSessionState, ProviderRefund, WebhookHeaders } from './provider.ts'

export const STRIPE_SIGNATURE_HEADER = 'stripe-signature'
export const STRIPE_WEBHOOK_PATH = '/api/checkout/webhooks/stripe'

/** Stripe Checkout Session ids: `cs_test_…` or `cs_live_…`, letters and digits. */
export function isStripeSessionId(id: string): boolean {
  return /^cs_(test|live)_[A-Za-z0-9]{8,250}$/.test(id)
}

/** The Checkout Session events that say something about a session; checkout re-reads the session for each. */
const SESSION_EVENTS = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
])

/** Stripe Checkout as the payment provider: hosted pay page, verified webhooks, refunds on the PaymentIntent. */
export function createStripePaymentProvider(config: StripeConfig): PaymentProvider {
  // A request in flight while the customer waits: fail in seconds, retried (with the same idempotency key).
  const stripe = new Stripe(config.secretKey, stripeClientOptions(config))

  async function retrieve(id: string): Promise<Stripe.Checkout.Session | undefined> {
    try {
      // The charge, for the card's fingerprint: an ambassador paying for their own order with their own card.
      return await stripe.checkout.sessions.retrieve(id, { expand: ['payment_intent.latest_charge'] })
    } catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
  }

  return {
    name: 'stripe',

    async createSession(input) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: input.lineItems.map((line) => ({
            price_data: {
              currency: input.currency.toLowerCase(),
              unit_amount: line.unitMinor,
              product_data: { name: line.title },
            },
            quantity: line.quantity,
          })),
          client_reference_id: input.orderId,
          metadata: { order_id: input.orderId },
          // A refund made in Stripe's dashboard names the PaymentIntent: this leads it back to the order too.
          payment_intent_data: { metadata: { order_id: input.orderId } },
          ...(input.customerEmail && { customer_email: input.customerEmail }),
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        // A retried request for the same order (a network retry, a crash between the call and storing its answer)
        // gets the same session back instead of a second one.
        { idempotencyKey: `checkout-session-${input.orderId}` },
      )
      if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a url`)
      return { id: session.id, url: session.url }
    },

    isSessionId: isStripeSessionId,

    async retrieveSession(id) {
      const session = await retrieve(id)
      return session && sessionState(session)
    },

    async expireSession(id) {
      const session = await retrieve(id)
      if (!session) return 'unknown'
      if (session.status === 'open') {
        try {
          await stripe.checkout.sessions.expire(id)
          return 'expired'
        } catch (error) {
          // It stopped being open meanwhile (paid, or expired by Stripe): what it is now decides.
          const now = await retrieve(id)
          const state = now && sessionState(now).status
          if (state === 'paid' || state === 'expired') return state
          throw error
        }
      }
      return sessionState(session).status === 'paid' ? 'paid' : 'expired'
    },

    verifyWebhook(rawBody: string, headers: WebhookHeaders): PaymentEvent {
      const header = headers[STRIPE_SIGNATURE_HEADER]
      const signature = Array.isArray(header) ? header[0] : header
      if (!signature) throw badRequest('Missing Stripe-Signature header', 'webhook_signature_missing')
      let event: Stripe.Event
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, config.webhookSecret)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw badRequest(`Invalid webhook signature: ${reason}`, 'webhook_signature_invalid')
      }
      return paymentEventOf(event)
    },

    async refund(input) {
      try {
        const refund = await stripe.refunds.create(
          {
            payment_intent: input.paymentId,
            amount: input.amountMinor,
            metadata: { refund_id: input.refundId, order_id: input.orderId },
          },
          { idempotencyKey: `refund-${input.refundId}` },
        )
        return refundOf(refund)
      } catch (error) {
        // Stripe said no (already refunded, charge disputed…): a definite answer, unlike a timeout or a 5xx.
        if (error instanceof Stripe.errors.StripeError && isRefusal(error.statusCode)) {
          throw badRequest(`Stripe refused the refund: ${error.message}`, 'refund_refused')
        }
        throw error
      }
    },

    async listRefunds(paymentId) {
      const refunds: ProviderRefund[] = []
      for await (const refund of stripe.refunds.list({ payment_intent: paymentId, limit: 100 })) {
        refunds.push(refundOf(refund))
      }
      return refunds
    },
  }
}

function sessionState(session: Stripe.Checkout.Session): PaymentSessionState {
  const intent = session.payment_intent
  return {
    id: session.id,
    orderId: session.client_reference_id ?? session.metadata?.order_id ?? '',
    // Only money received completes an order: `complete` with `unpaid` is a delayed payment still on its way.
    status: session.payment_status === 'paid' ? 'paid' : session.status === 'expired' ? 'expired' : 'open',
    amountMinor: session.amount_total ?? 0,
    paymentId: typeof intent === 'string' ? intent : (intent?.id ?? undefined),
    cardFingerprint: cardFingerprintOf(intent),
  }
}

function cardFingerprintOf(intent: Stripe.Checkout.Session['payment_intent']): string | undefined {
  const charge = intent !== null && typeof intent === 'object' ? intent.latest_charge : null
  if (charge === null || typeof charge !== 'object') return undefined
  return charge.payment_method_details?.card?.fingerprint ?? undefined
}

function refundOf(refund: Stripe.Refund): ProviderRefund {
  const status = refund.status
  return {
    id: refund.id,
    amountMinor: refund.amount,
    status:
      status === 'succeeded' || status === 'failed' || status === 'canceled'
        ? status
        : 'pending' /* pending, requires_action */,
    refundId: refund.metadata?.refund_id || undefined,
  }
}

/** What a verified Stripe event is about; the object's fields are read loosely, as events of any API version arrive. */
function paymentEventOf(event: Stripe.Event): PaymentEvent {
  const object = event.data.object as { id?: unknown; object?: unknown; payment_intent?: unknown }
  const base = { id: event.id, name: event.type }
  if (SESSION_EVENTS.has(event.type) && typeof object.id === 'string') {
    return { ...base, about: 'session', sessionId: object.id }
  }
  const refundish =
    event.type === 'charge.refunded' || event.type.startsWith('refund.') || event.type.startsWith('charge.refund.')
  const intent = object.payment_intent
  const paymentId = typeof intent === 'string' ? intent : (intent as { id?: unknown } | null)?.id
  if (refundish && typeof paymentId === 'string') return { ...base, about: 'refunds', paymentId }
  return { ...base, about: 'nothing' }
}

function isRefusal(statusCode: number | undefined): boolean {
  return statusCode !== undefined && statusCode >= 400 && statusCode < 500 && statusCode !== 409 && statusCode !== 429
}

function isMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && (error.statusCode === 404 || error.code === 'resource_missing')
}
