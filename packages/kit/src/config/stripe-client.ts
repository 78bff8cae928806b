import type { StripeConfig } from './config.ts'

/**
 * The options both Stripe clients (checkout's payments, ambassador's payout transfers) are made with: a local
 * Stripe-compatible server instead of api.stripe.com when STRIPE_API_URL says so (tests, stripe-mock); requests that
 * fail in seconds and are retried with the same idempotency key; no telemetry. Plain data, so the kit needs no SDK.
 */
export function stripeClientOptions(config: StripeConfig) {
  return {
    ...(config.apiUrl && {
      host: config.apiUrl.hostname,
      port: config.apiUrl.port || (config.apiUrl.protocol === 'http:' ? 80 : 443),
      protocol: config.apiUrl.protocol === 'http:' ? ('http' as const) : ('https' as const),
    }),
    timeout: 20_000,
    maxNetworkRetries: 2,
    telemetry: false,
  }
}
