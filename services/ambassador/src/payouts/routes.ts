import {
  IdParams,
  PageQuery,
  Payout,
  PayoutBatch,
  PayoutBatchBody,
  PayoutBatchPage,
  PayoutBatchPaidBody,
  PayoutDetails,
  PayoutDetailsAnswer,
  PayoutPage,
  PayoutQuery,
  PayoutRequestBody,
  PayoutReturnBody,
  PayoutTransferResult,
} from '@ambassador/contracts/http'
import { conflict } from '@ambassador/kit/errors/errors'
import { type HttpApp, idempotencyKeyOf, mountUnder, principalOf } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import { Type } from 'typebox'
import { batchOf, createBatch, markBatchPaid, namedPayouts, noteExported } from './batches.ts'
import { payoutCsv } from './csv.ts'
import { payoutDetailsOf, savePayoutDetails } from './details.ts'
import { listBatches, listPayouts } from './lists.ts'
import { requestPayout, returnPayout } from './requests.ts'
import { payBatchByTransfers } from './transfer-run.ts'
import { createStripeTransfers } from './transfers.ts'

const tags = ['payouts']
const Csv = Type.String({ description: 'a CSV file' })

/**
 * Payouts: the ambassador's details and requests under /api/ambassador; the admin's queue, batches, CSV exports,
 * Stripe Connect transfers (when STRIPE_SECRET_KEY is set) and returns under /api/admin/payouts.
 */
export async function payoutRoutes(app: HttpApp, ctx: ServiceContext) {
  const sender = ctx.config.stripe ? createStripeTransfers(ctx.config.stripe) : undefined

  await mountUnder(app, '/api/ambassador', (area) => {
    const config = { auth: 'ambassador' as const }
    area.get(
      '/payout-details',
      { config, schema: { tags, response: { 200: PayoutDetailsAnswer } } },
      async (request) => ({
        details: await payoutDetailsOf(ctx, principalOf(request).userId),
      }),
    )
    area.put(
      '/payout-details',
      { config, schema: { tags, body: PayoutDetails, response: { 200: PayoutDetails } } },
      (request) => savePayoutDetails(ctx, principalOf(request).userId, request.body),
    )
    area.get(
      '/payouts',
      { config, schema: { tags, querystring: PayoutQuery, response: { 200: PayoutPage } } },
      (request) => listPayouts(ctx, request.query, principalOf(request).userId),
    )
    // 201 with the new payout; the same Idempotency-Key again answers 200 with the first one.
    area.post(
      '/payouts',
      { config, schema: { tags, body: PayoutRequestBody, response: { 200: Payout, 201: Payout } } },
      async (request, reply) => {
        const { payout, created } = await requestPayout(
          ctx,
          principalOf(request).userId,
          request.body ?? {},
          idempotencyKeyOf(request),
        )
        return reply.status(created ? 201 : 200).send(payout)
      },
    )
  })

  await mountUnder(app, '/api/admin/payouts', (area) => {
    const config = { auth: 'admin' as const }
    area.get('/', { config, schema: { tags, querystring: PayoutQuery, response: { 200: PayoutPage } } }, (request) =>
      listPayouts(ctx, request.query),
    )
    area.post(
      '/:id/return',
      { config, schema: { tags, params: IdParams, body: PayoutReturnBody, response: { 200: Payout } } },
      (request) => returnPayout(ctx, request.params.id, request.body.reason),
    )
    area.get(
      '/batches',
      { config, schema: { tags, querystring: PageQuery, response: { 200: PayoutBatchPage } } },
      (request) => listBatches(ctx, request.query),
    )
    area.post(
      '/batches',
      { config, schema: { tags, body: PayoutBatchBody, response: { 201: PayoutBatch } } },
      async (request, reply) =>
        reply.status(201).send(await createBatch(ctx, principalOf(request).userId, request.body.payout_ids)),
    )
    area.get(
      '/batches/:id',
      { config, schema: { tags, params: IdParams, response: { 200: PayoutBatch } } },
      (request) => batchOf(ctx, request.params.id),
    )
    area.get(
      '/batches/:id/export',
      { config, schema: { tags, params: IdParams, response: { 200: Csv } } },
      async (request, reply) => {
        const batch = await batchOf(ctx, request.params.id)
        if (batch.method !== 'paypal' && batch.method !== 'wise') {
          throw conflict('Only a PayPal or Wise batch is paid from a CSV', 'not_a_csv_batch')
        }
        const csv = payoutCsv(batch.method, await namedPayouts(ctx.db, batch.id), ctx.config.storeName)
        await noteExported(ctx, batch.id)
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="payouts-${batch.id.slice(0, 8)}-${batch.method}.csv"`)
          .header('cache-control', 'private, no-store')
          .send(csv)
      },
    )
    area.post(
      '/batches/:id/paid',
      { config, schema: { tags, params: IdParams, body: PayoutBatchPaidBody, response: { 200: PayoutBatch } } },
      (request) => markBatchPaid(ctx, request.params.id, request.body?.reference),
    )
    area.post(
      '/batches/:id/transfers',
      { config, schema: { tags, params: IdParams, response: { 200: PayoutTransferResult } } },
      (request) => payBatchByTransfers(ctx, sender, request.params.id),
    )
  })
}
