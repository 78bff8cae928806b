import {
  IdParams,
  LedgerAdjustmentBody,
  LedgerBalances,
  LedgerEntry,
  LedgerEntryPage,
  PageQuery,
} from '@ambassador/contracts/http'
import { notFound } from '@ambassador/kit/errors/errors'
import { type HttpApp, idempotencyKeyOf, mountUnder, principalOf } from '@ambassador/kit/http/server'
import { isUuid } from '@ambassador/kit/ids/ids'
import type { ServiceContext } from '@ambassador/kit/service'
import { and, eq } from 'drizzle-orm'
import { users } from '../schema.ts'
import { adjustBalance } from './adjustments.ts'
import { balancesOf, entriesOf } from './balances.ts'

/** An ambassador's balances and entries: their own under /api/ambassador, anyone's for an admin. */
export async function ledgerRoutes(app: HttpApp, ctx: ServiceContext) {
  const tags = ['ledger']
  await mountUnder(app, '/api/ambassador', (area) => {
    const config = { auth: 'ambassador' as const }
    area.get('/ledger', { config, schema: { tags, response: { 200: LedgerBalances } } }, (request) =>
      balancesOf(ctx, principalOf(request).userId),
    )
    area.get(
      '/ledger/entries',
      { config, schema: { tags, querystring: PageQuery, response: { 200: LedgerEntryPage } } },
      (request) => entriesOf(ctx, principalOf(request).userId, request.query),
    )
  })

  await mountUnder(app, '/api/admin/ambassadors', (area) => {
    const config = { auth: 'admin' as const }
    area.get(
      '/:id/ledger',
      { config, schema: { tags, params: IdParams, response: { 200: LedgerBalances } } },
      async (request) => balancesOf(ctx, await knownAmbassador(ctx, request.params.id)),
    )
    area.get(
      '/:id/ledger/entries',
      { config, schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: LedgerEntryPage } } },
      async (request) => entriesOf(ctx, await knownAmbassador(ctx, request.params.id), request.query),
    )
    // 201 with the new entry; the same Idempotency-Key again answers 200 with the first one.
    area.post(
      '/:id/ledger/adjustments',
      {
        config,
        schema: {
          tags,
          params: IdParams,
          body: LedgerAdjustmentBody,
          response: { 200: LedgerEntry, 201: LedgerEntry },
        },
      },
      async (request, reply) => {
        const ambassadorId = await knownAmbassador(ctx, request.params.id)
        const { entry, created } = await adjustBalance(
          ctx,
          ambassadorId,
          principalOf(request).userId,
          request.body,
          idempotencyKeyOf(request),
        )
        return reply.status(created ? 201 : 200).send(entry)
      },
    )
  })
}

/** The id of an ambassador this service knows (from user.* events), or a 404. */
export async function knownAmbassador(ctx: ServiceContext, id: string): Promise<string> {
  const [ambassador] = isUuid(id)
    ? await ctx.db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, id), eq(users.role, 'ambassador')))
    : []
  if (!ambassador) throw notFound('No ambassador with this id', 'ambassador_not_found')
  return ambassador.id
}
