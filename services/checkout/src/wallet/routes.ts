import {
  IdParams,
  TopUp,
  TopUpBody,
  TopUpConfirmBody,
  Wallet,
  WalletDepositBody,
  WalletEntry,
} from '@ambassador/contracts/http'
import { type HttpApp, idempotencyKeyOf, mountUnder, principalOf } from '@ambassador/kit/http/server'
import type { CheckoutContext } from '../orders.ts'
import { confirmTopUp, startTopUp } from './top-ups.ts'
import { knownUser, moveByAdmin, walletOf } from './wallet.ts'

const tags = ['wallet']

/** Store credit: a shopper's and an ambassador's own wallet, and any user's for an admin, who may credit or debit it. */
export async function walletRoutes(app: HttpApp, ctx: CheckoutContext) {
  await mountUnder(app, '/api/store', (area) => {
    area.get('/wallet', { config: { auth: 'shopper' }, schema: { tags, response: { 200: Wallet } } }, (request) =>
      walletOf(ctx, principalOf(request).userId),
    )
    area.post(
      '/wallet/top-ups',
      { config: { auth: 'shopper' }, schema: { tags, body: TopUpBody, response: { 201: TopUp } } },
      async (request, reply) =>
        reply.status(201).send(await startTopUp(ctx, principalOf(request).userId, request.body.amount)),
    )
    area.post(
      '/wallet/top-ups/confirm',
      { config: { auth: 'shopper' }, schema: { tags, body: TopUpConfirmBody, response: { 200: TopUp } } },
      (request) => confirmTopUp(ctx, principalOf(request).userId, request.body.source),
    )
  })
  await mountUnder(app, '/api/ambassador', (area) => {
    area.get('/wallet', { config: { auth: 'ambassador' }, schema: { tags, response: { 200: Wallet } } }, (request) =>
      walletOf(ctx, principalOf(request).userId),
    )
  })
  await mountUnder(app, '/api/admin/users', (area) => {
    const config = { auth: 'admin' as const }
    area.get(
      '/:id/wallet',
      { config, schema: { tags, params: IdParams, response: { 200: Wallet } } },
      async (request) => walletOf(ctx, await knownUser(ctx, request.params.id)),
    )
    // 201 with the new entry; the same Idempotency-Key again answers 200 with the first one.
    area.post(
      '/:id/wallet/deposits',
      {
        config,
        schema: { tags, params: IdParams, body: WalletDepositBody, response: { 200: WalletEntry, 201: WalletEntry } },
      },
      async (request, reply) => {
        const userId = await knownUser(ctx, request.params.id)
        const { entry, created } = await moveByAdmin(
          ctx,
          userId,
          principalOf(request).userId,
          request.body,
          idempotencyKeyOf(request),
        )
        return reply.status(created ? 201 : 200).send(entry)
      },
    )
  })
}
