import {
  CheckoutLink,
  ConfirmOrderBody,
  Coupon,
  CouponList,
  CreateCouponBody,
  CreateOrderBody,
  IdParams,
  Message,
  OrderDetail,
  PaymentSession,
  RefundBody,
  RestoreCommissionBody,
  ShopperOrder,
  ShopperOrderSummary,
  Stock,
  StockBody,
  StockList,
  TrackedOrder,
  TrackQuery,
  UpdateCouponBody,
} from '@ambassador/contracts/http'
import { documentFileName } from '@ambassador/documents/invoice'
import { AppError, notFound } from '@ambassador/kit/errors/errors'
import { cachedReply } from '@ambassador/kit/http/cached-reply'
import { type HttpApp, mountUnder, principalOf } from '@ambassador/kit/http/server'
import { parsePriceToMinor } from '@ambassador/kit/money/money'
import formbody from '@fastify/formbody'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { addressRoutes } from './address-routes.ts'
import { buyerOf, cartRoutes } from './cart-routes.ts'
import { LINKS_SCOPE, LINKS_TTL_SECONDS, showCheckoutLink } from './catalog.ts'
import { restoreCommission } from './commission-restore.ts'
import { createCoupon, deleteCoupon, listCoupons, updateCoupon } from './coupons.ts'
import { documentPdf } from './documents.ts'
import { fulfilmentRoutes } from './fulfilment-routes.ts'
import { listStock, setStock } from './inventory.ts'
import { showOrder } from './order-view.ts'
import { type CheckoutContext, confirmOrder, placeOrder } from './orders.ts'
import type { PaymentEvent, WebhookHeaders } from './payments/provider.ts'
import type { TestPaymentProvider, TestPaymentSession } from './payments/test-provider.ts'
import { paymentPageSecurityPolicy, renderPaymentPage } from './payments/test-provider-page.ts'
import { applyPaymentEvent } from './payments/webhooks.ts'
import { refundOrder } from './refunds.ts'
import { listShopperOrders, shopperInvoicePdf, showShopperOrder } from './shopper-orders.ts'
import { trackOrder } from './tracking.ts'
import { vanityRoutes } from './vanity-routes.ts'
import { walletRoutes } from './wallet/routes.ts'

const tags = ['checkout']
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) })
const SessionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
const CardBody = Type.Object({ card_number: Type.String({ maxLength: 64 }) })
const WebhookReceived = Type.Object({ received: Type.Boolean() })
const Html = Type.String({ description: 'an HTML page' })
const DocumentParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 40 }) })

/** A PDF to download, never cached by a shared cache (it names a customer). */
export function sendPdf(reply: FastifyReply, fileName: string, pdf: Buffer) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(pdf)
}

/** The public checkout API a customer's browser uses, plus the embedded test provider's pay page and webhook. */
export async function checkoutRoutes(app: HttpApp, ctx: CheckoutContext) {
  // Per client address (see TRUST_PROXY behind a gateway): a shopper places a handful; a script placing thousands
  // of pending orders, or guessing session ids at confirm, is stopped.
  const rateLimit = { max: ctx.config.checkoutRateLimitPerMinute, timeWindow: '1 minute' }
  await mountUnder(app, '/api/checkout', async (area) => {
    area.get(
      '/links/:code',
      { config: { auth: 'public' }, schema: { tags, params: CodeParams, response: { 200: CheckoutLink } } },
      (request, reply) =>
        cachedReply(
          ctx.cache,
          request,
          reply,
          { scope: LINKS_SCOPE, key: request.params.code, ttlSeconds: LINKS_TTL_SECONDS },
          () => showCheckoutLink(ctx, request.params.code),
        ),
    )

    area.post(
      '/orders',
      {
        config: { auth: 'public', rateLimit },
        schema: { tags, body: CreateOrderBody, response: { 201: PaymentSession } },
      },
      async (request, reply) =>
        reply.status(201).send(await placeOrder(ctx, request.body, buyerOf(request, request.body.use_store_credit))),
    )

    area.post(
      '/orders/confirm',
      { config: { auth: 'public', rateLimit }, schema: { tags, body: ConfirmOrderBody, response: { 200: Message } } },
      async (request) => {
        await confirmOrder(ctx, request.body.source)
        return { message: 'success' }
      },
    )

    if (ctx.testPayments) await testProviderRoutes(area, ctx, ctx.testPayments)
    else await webhookRoute(area, ctx, '/stripe', (body, headers) => ctx.payments.verifyWebhook(body, headers))
  })

  // Checkout owns the stock orders hold: admins count the shelf here and see what is held.
  await mountUnder(app, '/api/admin', async (area) => {
    const config = { auth: 'admin' } as const
    area.put(
      '/products/:id/stock',
      { config, schema: { tags: ['inventory'], params: IdParams, body: StockBody, response: { 200: Stock } } },
      (request) => setStock(ctx, request.params.id, request.body.on_hand),
    )
    area.get('/inventory', { config, schema: { tags: ['inventory'], response: { 200: StockList } } }, () =>
      listStock(ctx.db),
    )

    // Coupons are checkout's: it prices orders and counts their uses as it places them.
    const couponTags = ['coupons']
    area.get('/coupons', { config, schema: { tags: couponTags, response: { 200: CouponList } } }, () =>
      listCoupons(ctx.db),
    )
    area.post(
      '/coupons',
      { config, schema: { tags: couponTags, body: CreateCouponBody, response: { 201: Coupon } } },
      async (request, reply) => reply.status(201).send(await createCoupon(ctx, request.body)),
    )
    area.patch(
      '/coupons/:id',
      { config, schema: { tags: couponTags, params: IdParams, body: UpdateCouponBody, response: { 200: Coupon } } },
      (request) => updateCoupon(ctx, request.params.id, request.body),
    )
    area.delete(
      '/coupons/:id',
      { config, schema: { tags: couponTags, params: IdParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await deleteCoupon(ctx, request.params.id)
        return reply.status(204).send(null)
      },
    )
  })

  // A signed-in shopper's own orders, their steps and invoices.
  await mountUnder(app, '/api/store/orders', async (area) => {
    const config = { auth: 'shopper' } as const
    const tags = ['shopper']
    area.get('/', { config, schema: { tags, response: { 200: Type.Array(ShopperOrderSummary) } } }, (request) =>
      listShopperOrders(ctx, principalOf(request).userId),
    )
    area.get('/:id', { config, schema: { tags, params: IdParams, response: { 200: ShopperOrder } } }, (request) =>
      showShopperOrder(ctx, principalOf(request).userId, request.params.id),
    )
    area.get(
      '/:id/invoice',
      { config, schema: { tags, params: IdParams, description: 'The order’s invoice as a PDF' } },
      async (request, reply) => {
        const { document, pdf } = await shopperInvoicePdf(ctx, principalOf(request).userId, request.params.id)
        return sendPdf(reply, documentFileName(document), pdf)
      },
    )
  })

  // Anyone with an order's number and email follows it; per client address, so numbers cannot be tried by the thousand.
  await mountUnder(app, '/api/store', async (area) => {
    area.get(
      '/track',
      {
        config: { auth: 'public', rateLimit },
        schema: { tags: ['orders'], querystring: TrackQuery, response: { 200: TrackedOrder } },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store')
        return trackOrder(ctx, request.query.order, request.query.email)
      },
    )
  })

  await cartRoutes(app, ctx)
  await addressRoutes(app, ctx)
  await walletRoutes(app, ctx)
  await vanityRoutes(app, ctx)

  // Invoices and credit notes, as issued: checkout numbers them as orders are paid and refunded.
  await mountUnder(app, '/api/admin/documents', async (area) => {
    area.get(
      '/:number',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['orders'],
          params: DocumentParams,
          description: 'An invoice (`INV-…`) or credit note (`CN-…`) as a PDF',
        },
      },
      async (request, reply) => {
        const { document, pdf } = await documentPdf(ctx.db, request.params.number.replace(/\.pdf$/, ''))
        return sendPdf(reply, documentFileName(document), pdf)
      },
    )
  })

  // Checkout owns orders and their payments: an admin's view of one order, and refunds through its provider.
  await mountUnder(app, '/api/admin/orders', async (area) => {
    const config = { auth: 'admin' } as const
    area.get(
      '/:id',
      { config, schema: { tags: ['orders'], params: IdParams, response: { 200: OrderDetail } } },
      (request) => showOrder(ctx, request.params.id),
    )
    area.post(
      '/:id/refunds',
      {
        config,
        schema: { tags: ['orders'], params: IdParams, body: RefundBody, response: { 201: OrderDetail } },
      },
      async (request, reply) => {
        const body = request.body
        const ask =
          'items' in body
            ? { items: body.items.map((item) => ({ orderItemId: item.order_item_id, quantity: item.quantity })) }
            : { amountMinor: parsePriceToMinor(body.amount, 'amount') }
        await refundOrder(ctx, request.params.id, ask, principalOf(request).userId)
        return reply.status(201).send(await showOrder(ctx, request.params.id))
      },
    )

    area.post(
      '/:id/commission/restore',
      {
        config,
        schema: { tags: ['orders'], params: IdParams, body: RestoreCommissionBody, response: { 200: OrderDetail } },
      },
      (request) => restoreCommission(ctx, request.params.id, principalOf(request).userId, request.body.reason),
    )

    fulfilmentRoutes(area, ctx)
  })
}

/** A provider's webhook: verified over the exact bytes received, then applied once per provider event id. */
async function webhookRoute(
  area: HttpApp,
  ctx: CheckoutContext,
  path: string,
  verify: (rawBody: string, headers: WebhookHeaders) => PaymentEvent,
) {
  // Its own scope, so only this route takes JSON as raw text: the signature is checked over the exact bytes sent.
  await mountUnder(area, '/webhooks', (hooks) => {
    hooks.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body))
    hooks.post(
      path,
      {
        config: { auth: 'public' },
        schema: { tags, body: Type.String({ maxLength: 262_144 }), response: { 200: WebhookReceived } },
      },
      async (request) => {
        await applyPaymentEvent(ctx, verify(request.body, request.headers))
        return { received: true }
      },
    )
  })
}

async function testProviderRoutes(area: HttpApp, ctx: CheckoutContext, testPayments: TestPaymentProvider) {
  await webhookRoute(area, ctx, '/test-provider', (body, headers) => testPayments.verifyWebhook(body, headers))

  // The pay page's plain HTML form posts urlencoded: accepted here only, not on the API (no cross-site form posts).
  await mountUnder(area, '/test-provider', async (pay) => {
    await pay.register(formbody)
    payPageRoutes(pay, testPayments)
  })
}

function payPageRoutes(area: HttpApp, testPayments: TestPaymentProvider) {
  area.get(
    '/sessions/:id',
    { config: { auth: 'public' }, schema: { tags, params: SessionParams, response: { 200: Html } } },
    async (request, reply) => {
      const session = await testPayments.findSession(request.params.id)
      if (!session) throw notFound('Payment session not found')
      return sendPaymentPage(reply, 200, session)
    },
  )

  area.post(
    '/sessions/:id',
    {
      config: { auth: 'public' },
      schema: { tags, params: SessionParams, body: CardBody, response: { 303: Type.Null() } },
    },
    async (request, reply) => {
      try {
        const session = await testPayments.paySession(request.params.id, request.body.card_number)
        return reply.redirect(session.successUrl, 303)
      } catch (error) {
        // A person at the pay page gets the page back with the message; an API client gets the JSON error.
        const fromForm = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ?? false
        if (!fromForm || !(error instanceof AppError) || error.statusCode === 404) throw error
        const session = await testPayments.findSession(request.params.id)
        if (!session) throw error
        return sendPaymentPage(reply, error.statusCode, session, error.message)
      }
    },
  )
}

function sendPaymentPage(reply: FastifyReply, status: number, session: TestPaymentSession, error?: string) {
  return reply
    .status(status)
    .header('content-security-policy', paymentPageSecurityPolicy(session))
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderPaymentPage(session, error))
}
