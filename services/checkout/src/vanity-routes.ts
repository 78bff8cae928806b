import { CreateVanityCodeBody, IdParams, VanityCode, VanityCodeLimits } from '@ambassador/contracts/http'
import { type HttpApp, mountUnder, principalOf } from '@ambassador/kit/http/server'
import { Type } from 'typebox'
import type { CheckoutContext } from './orders.ts'
import {
  createVanityCode,
  deactivateVanityCode,
  listVanityCodes,
  setVanityLimits,
  vanityLimits,
} from './vanity-codes.ts'

const tags = ['vanity codes']

/** Ambassadors' own discount codes (`/api/ambassador/coupons`) and the admin's limits on them. */
export async function vanityRoutes(app: HttpApp, ctx: CheckoutContext) {
  await mountUnder(app, '/api/ambassador/coupons', (area) => {
    const config = { auth: 'ambassador' as const }
    area.get('/', { config, schema: { tags, response: { 200: Type.Array(VanityCode) } } }, (request) =>
      listVanityCodes(ctx, principalOf(request).userId),
    )
    area.get('/limits', { config, schema: { tags, response: { 200: VanityCodeLimits } } }, () => vanityLimits(ctx))
    area.post(
      '/',
      { config, schema: { tags, body: CreateVanityCodeBody, response: { 201: VanityCode } } },
      async (request, reply) =>
        reply.status(201).send(await createVanityCode(ctx, principalOf(request).userId, request.body)),
    )
    area.delete('/:id', { config, schema: { tags, params: IdParams, response: { 200: VanityCode } } }, (request) =>
      deactivateVanityCode(ctx, principalOf(request).userId, request.params.id),
    )
  })
  await mountUnder(app, '/api/admin/vanity-codes', (area) => {
    const config = { auth: 'admin' as const }
    area.get('/limits', { config, schema: { tags, response: { 200: VanityCodeLimits } } }, () => vanityLimits(ctx))
    area.put(
      '/limits',
      { config, schema: { tags, body: VanityCodeLimits, response: { 200: VanityCodeLimits } } },
      (request) => setVanityLimits(ctx, principalOf(request).userId, request.body),
    )
  })
}
