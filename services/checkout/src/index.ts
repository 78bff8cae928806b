import { fileURLToPath } from 'node:url'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { defineService } from '@ambassador/kit/service'
import { sweepAbandonedCarts } from './cart.ts'
import { consumers } from './consumers.ts'
import { type CheckoutContext, reconcileOrders } from './orders.ts'
import { createStripePaymentProvider } from './payments/stripe-provider.ts'
import { createTestPaymentProvider } from './payments/test-provider.ts'
import { settlePendingRefunds } from './refunds.ts'
import { checkoutRoutes } from './routes.ts'
import { accounts, tables } from './schema.ts'

export type CheckoutOptions = {
  /** The test provider's webhook signing secret; random per process unless a test fixes it to sign its own. */
  testWebhookSecret?: string
}

/** Builds the checkout service: orders, payment and the commission split, from link to order.completed. */
export function createCheckoutService(options: CheckoutOptions = {}) {
  return defineService<CheckoutContext>({
    name: 'checkout',
    migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
    tables,
    context: (base, { app }) => {
      // Stripe when its keys are set; otherwise the embedded test provider with its own pay page.
      if (base.config.stripe) {
        return { ...base, payments: createStripePaymentProvider(base.config.stripe), testPayments: undefined }
      }
      const testPayments = createTestPaymentProvider({
        db: base.db,
        clock: base.clock,
        log: base.log,
        publicUrl: base.config.publicUrl,
        app,
        webhookSecret: options.testWebhookSecret,
      })
      return { ...base, payments: testPayments, testPayments }
    },
    routes: checkoutRoutes,
    sessionVersionOf: sessionVersionFrom(accounts),
    consumers,
    workers: [
      { name: 'reconcile-orders', intervalMs: 60_000, run: reconcileOrders },
      { name: 'settle-pending-refunds', intervalMs: 60_000, run: settlePendingRefunds },
      { name: 'sweep-abandoned-carts', intervalMs: 3_600_000, run: sweepAbandonedCarts },
      {
        name: 'deliver-test-payment-webhooks',
        intervalMs: 1_000,
        run: (ctx) => ctx.testPayments?.deliverDueWebhooks() ?? Promise.resolve(0),
      },
    ],
    async start(ctx) {
      // At start too: orders a crash left pending are settled without waiting for the first interval.
      void reconcileOrders(ctx).catch((error) => ctx.log.warn({ err: error }, 'reconciling orders at start failed'))
    },
  })
}

/** Checkout: customers order through a link, pay, and the order completes exactly once. */
export const checkoutService = createCheckoutService()

export { STRIPE_SIGNATURE_HEADER, STRIPE_WEBHOOK_PATH } from './payments/stripe-provider.ts'
export { signTestWebhook, TEST_SIGNATURE_HEADER, TEST_WEBHOOK_PATH } from './payments/test-provider.ts'
