import { AddressBody, IdParams, SavedAddress } from '@ambassador/contracts/http'
import { type HttpApp, mountUnder, principalOf } from '@ambassador/kit/http/server'
import { Type } from 'typebox'
import { addAddress, deleteAddress, listAddresses, makeDefaultAddress, updateAddress } from './addresses.ts'
import type { CheckoutContext } from './orders.ts'

/** A signed-in shopper's saved addresses at /api/store/addresses: theirs only, one of them the default. */
export async function addressRoutes(app: HttpApp, ctx: CheckoutContext) {
  const config = { auth: 'shopper' } as const
  const tags = ['shopper']
  const response = { 200: SavedAddress }
  await mountUnder(app, '/api/store/addresses', async (area) => {
    area.get('/', { config, schema: { tags, response: { 200: Type.Array(SavedAddress) } } }, (request) =>
      listAddresses(ctx.db, principalOf(request).userId),
    )
    area.post(
      '/',
      { config, schema: { tags, body: AddressBody, response: { 201: SavedAddress } } },
      async (request, reply) =>
        reply.status(201).send(await addAddress(ctx, principalOf(request).userId, request.body)),
    )
    area.put('/:id', { config, schema: { tags, params: IdParams, body: AddressBody, response } }, (request) =>
      updateAddress(ctx, principalOf(request).userId, request.params.id, request.body),
    )
    area.delete(
      '/:id',
      { config, schema: { tags, params: IdParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await deleteAddress(ctx, principalOf(request).userId, request.params.id)
        return reply.status(204).send(null)
      },
    )
    area.post('/:id/default', { config, schema: { tags, params: IdParams, response } }, (request) =>
      makeDefaultAddress(ctx, principalOf(request).userId, request.params.id),
    )
  })
}
