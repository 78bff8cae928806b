import {
  CommissionRule,
  CommissionRuleBody,
  CommissionRuleList,
  CommissionRulePatchBody,
  IdParams,
} from '@ambassador/contracts/http'
import { type HttpApp, mountUnder } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import { Type } from 'typebox'
import {
  createCommissionRule,
  deleteCommissionRule,
  findCommissionRule,
  listCommissionRules,
  updateCommissionRule,
} from './commission-rules.ts'

/** The commission rules admins set (#13): product, category and monthly tier rates over the default. */
export async function commissionRuleRoutes(app: HttpApp, ctx: ServiceContext) {
  const config = { auth: 'admin' } as const
  const tags = ['admin', 'commission rules']
  await mountUnder(app, '/api/admin/commission-rules', (area) => {
    area.get('/', { config, schema: { tags, response: { 200: CommissionRuleList } } }, () => listCommissionRules(ctx))
    area.post(
      '/',
      { config, schema: { tags, body: CommissionRuleBody, response: { 201: CommissionRule } } },
      async (request, reply) => reply.status(201).send(await createCommissionRule(ctx, request.body)),
    )
    area.get('/:id', { config, schema: { tags, params: IdParams, response: { 200: CommissionRule } } }, (request) =>
      findCommissionRule(ctx, request.params.id),
    )
    area.put(
      '/:id',
      { config, schema: { tags, params: IdParams, body: CommissionRulePatchBody, response: { 200: CommissionRule } } },
      (request) => updateCommissionRule(ctx, request.params.id, request.body),
    )
    area.delete(
      '/:id',
      { config, schema: { tags, params: IdParams, response: { 204: Type.Null({ description: 'deleted' }) } } },
      async (request, reply) => {
        await deleteCommissionRule(ctx, request.params.id)
        return reply.status(204).send(null)
      },
    )
  })
}
