import { IdParams } from '@ambassador/contracts/http'
import { type HttpApp, mountUnder } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import { Type } from 'typebox'
import { chatRoutes } from './chat/routes.ts'
import { DeliveriesQuery, Delivery } from './deliveries/view.ts'
import { SUBSCRIBABLE_EVENT_TYPES } from './event-types.ts'
import { MAX_URL_LENGTH } from './webhooks/endpoint-url.ts'
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpointDeliveries,
  listEndpoints,
  resendDelivery,
  rotateEndpointSecret,
  updateEndpoint,
} from './webhooks/endpoints.ts'

const Iso = Type.String({ description: 'ISO 8601' })

const Endpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  event_types: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()], {
    description: 'why we turned it off (every attempt failed for a day); null when on or turned off by an admin',
  }),
  created_at: Iso,
  updated_at: Iso,
})

const EndpointWithSecret = Type.Object({
  ...Endpoint.properties,
  secret: Type.String({ description: 'the signing secret: shown only now' }),
})

const EventTypes = Type.Array(Type.String({ maxLength: 100 }), {
  minItems: 1,
  maxItems: 100,
  description: 'the event types to receive (see packages/contracts/src/events.ts)',
})

const NewEndpoint = Type.Object({
  url: Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH + 100 }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  event_types: EventTypes,
  enabled: Type.Optional(Type.Boolean()),
})

const EndpointChanges = Type.Object(
  {
    url: Type.Optional(NewEndpoint.properties.url),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    event_types: Type.Optional(EventTypes),
    enabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
)

/** The admins' webhook endpoints, their delivery log and resends, under /api/notifications. */
export async function notificationsRoutes(app: HttpApp, ctx: ServiceContext) {
  const tags = ['notifications']
  const auth = { auth: 'admin' as const }
  await mountUnder(app, '/api/notifications', (admin) => {
    admin.post(
      '/webhooks',
      { config: auth, schema: { tags, body: NewEndpoint, response: { 201: EndpointWithSecret } } },
      async (request, reply) => reply.code(201).send(await createEndpoint(ctx, request.body)),
    )
    admin.get(
      '/event-types',
      {
        config: auth,
        schema: {
          tags,
          description: 'What an endpoint may subscribe to',
          response: { 200: Type.Array(Type.String()) },
        },
      },
      () => SUBSCRIBABLE_EVENT_TYPES,
    )
    admin.get('/webhooks', { config: auth, schema: { tags, response: { 200: Type.Array(Endpoint) } } }, () =>
      listEndpoints(ctx),
    )
    admin.get(
      '/webhooks/:id',
      { config: auth, schema: { tags, params: IdParams, response: { 200: Endpoint } } },
      (request) => getEndpoint(ctx, request.params.id),
    )
    admin.patch(
      '/webhooks/:id',
      { config: auth, schema: { tags, params: IdParams, body: EndpointChanges, response: { 200: Endpoint } } },
      (request) => updateEndpoint(ctx, request.params.id, request.body),
    )
    admin.delete(
      '/webhooks/:id',
      { config: auth, schema: { tags, params: IdParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await deleteEndpoint(ctx, request.params.id)
        return reply.code(204).send(null)
      },
    )
    admin.post(
      '/webhooks/:id/rotate-secret',
      { config: auth, schema: { tags, params: IdParams, response: { 200: EndpointWithSecret } } },
      (request) => rotateEndpointSecret(ctx, request.params.id),
    )
    admin.get(
      '/webhooks/:id/deliveries',
      {
        config: auth,
        schema: { tags, params: IdParams, querystring: DeliveriesQuery, response: { 200: Type.Array(Delivery) } },
      },
      (request) => listEndpointDeliveries(ctx, request.params.id, request.query.limit ?? 100),
    )
    chatRoutes(admin, ctx)
    admin.post(
      '/deliveries/:id/resend',
      { config: auth, schema: { tags, params: IdParams, response: { 202: Delivery } } },
      async (request, reply) => reply.code(202).send(await resendDelivery(ctx, request.params.id)),
    )
  })
}
