import { IdParams } from '@ambassador/contracts/http'
import type { HttpApp } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import { Type } from 'typebox'
import { DeliveriesQuery, Delivery } from '../deliveries/view.ts'
import { MAX_URL_LENGTH } from '../webhooks/endpoint-url.ts'
import { CHAT_KINDS } from './format.ts'
import { createRoom, deleteRoom, listRoomDeliveries, listRooms, updateRoom } from './rooms.ts'
import { CHAT_TOPICS } from './topics.ts'

const Iso = Type.String({ description: 'ISO 8601' })

const Topics = Type.Array(Type.String({ maxLength: 50 }), {
  minItems: 1,
  maxItems: CHAT_TOPICS.length,
  description: `what to post: ${CHAT_TOPICS.join(', ')}`,
})

const Kind = Type.Union([Type.Literal(CHAT_KINDS[0]), Type.Literal(CHAT_KINDS[1])])

const Room = Type.Object({
  id: Type.String(),
  kind: Kind,
  name: Type.String(),
  url_hint: Type.String({ description: 'the webhook URL’s host and last characters (the URL itself is a secret)' }),
  topics: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  created_at: Iso,
  updated_at: Iso,
})

const NewRoom = Type.Object({
  kind: Kind,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  url: Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH, description: 'the incoming webhook URL' }),
  topics: Topics,
  enabled: Type.Optional(Type.Boolean()),
})

const RoomChanges = Type.Object(
  {
    name: Type.Optional(NewRoom.properties.name),
    url: Type.Optional(NewRoom.properties.url),
    topics: Type.Optional(Topics),
    enabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
)

/** Discord and Slack channels (chat rooms told about orders, refunds, new ambassadors…), under /api/notifications. */
export function chatRoutes(admin: HttpApp, ctx: ServiceContext) {
  const tags = ['notifications']
  const auth = { auth: 'admin' as const }
  admin.get('/channels', { config: auth, schema: { tags, response: { 200: Type.Array(Room) } } }, () => listRooms(ctx))
  admin.post(
    '/channels',
    { config: auth, schema: { tags, body: NewRoom, response: { 201: Room } } },
    async (request, reply) => reply.code(201).send(await createRoom(ctx, request.body)),
  )
  admin.patch(
    '/channels/:id',
    { config: auth, schema: { tags, params: IdParams, body: RoomChanges, response: { 200: Room } } },
    (request) => updateRoom(ctx, request.params.id, request.body),
  )
  admin.delete(
    '/channels/:id',
    { config: auth, schema: { tags, params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteRoom(ctx, request.params.id)
      return reply.code(204).send(null)
    },
  )
  admin.get(
    '/channels/:id/deliveries',
    {
      config: auth,
      schema: { tags, params: IdParams, querystring: DeliveriesQuery, response: { 200: Type.Array(Delivery) } },
    },
    (request) => listRoomDeliveries(ctx, request.params.id, request.query.limit ?? 100),
  )
}
