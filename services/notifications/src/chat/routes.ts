import { IdParams } from '@ambassador/contracts/http'
import type { HttpApp } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import { Type } from 'typebox'
import { DeliveriesQuery, Delivery } from '../deliveries/view.ts'
import { MAX_PHONES } from '../sms/phones.ts'
import { MAX_URL_LENGTH } from '../webhooks/endpoint-url.ts'
import { ROOM_KINDS } from './format.ts'
import { createRoom, deleteRoom, listRoomDeliveries, listRooms, updateRoom } from './rooms.ts'
import { CHAT_TOPICS } from './topics.ts'

const Iso = Type.String({ description: 'ISO 8601' })

const Topics = Type.Array(Type.String({ maxLength: 50 }), {
  minItems: 1,
  maxItems: CHAT_TOPICS.length,
  description: `what to post: ${CHAT_TOPICS.join(', ')}`,
})

const Kind = Type.Union([Type.Literal(ROOM_KINDS[0]), Type.Literal(ROOM_KINDS[1]), Type.Literal(ROOM_KINDS[2])])

const Phones = Type.Array(Type.String({ minLength: 1, maxLength: 30 }), {
  minItems: 1,
  maxItems: MAX_PHONES,
  description: 'an SMS channel’s phones, in international (E.164) form: +15551234567',
})

const Room = Type.Object({
  id: Type.String(),
  kind: Kind,
  name: Type.String(),
  url_hint: Type.Union([Type.String(), Type.Null()], {
    description: 'the webhook URL’s host and last characters (the URL itself is a secret); null for SMS',
  }),
  phones: Type.Array(Type.String(), { description: 'an SMS channel’s phones, all but the last 3 digits hidden' }),
  topics: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  created_at: Iso,
  updated_at: Iso,
})

const NewRoom = Type.Object({
  kind: Kind,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  url: Type.Optional(
    Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH, description: 'the incoming webhook URL (Discord, Slack)' }),
  ),
  phones: Type.Optional(Phones),
  topics: Topics,
  enabled: Type.Optional(Type.Boolean()),
})

const RoomChanges = Type.Object(
  {
    name: Type.Optional(NewRoom.properties.name),
    url: NewRoom.properties.url,
    phones: NewRoom.properties.phones,
    topics: Type.Optional(Topics),
    enabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
)

/** Discord, Slack and SMS channels (told about orders, refunds, new ambassadors…), under /api/notifications. */
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
