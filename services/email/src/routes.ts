import { EmailLogEntry, IdParams } from '@ambassador/contracts/http'
import { type HttpApp, mountUnder } from '@ambassador/kit/http/server'
import { Type } from 'typebox'
import type { EmailContext } from './delivery.ts'
import { listEmailLog } from './emails.ts'
import { findMailboxAttachment, findMailboxMessage, listMailbox } from './mailbox.ts'

const Id = Type.String({ description: 'uuid' })

export const MailboxMessageSummary = Type.Object({
  id: Id,
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  received_at: Type.String({ description: 'ISO 8601' }),
})

export const MailboxMessage = Type.Object({
  id: Id,
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
  attachments: Type.Array(
    Type.Object({
      index: Type.Integer({ description: 'GET /api/admin/mailbox/:id/attachments/:index downloads it' }),
      filename: Type.String(),
      content_type: Type.String(),
      size: Type.Integer({ description: 'bytes' }),
    }),
  ),
  received_at: Type.String({ description: 'ISO 8601' }),
})

const AttachmentParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  index: Type.Integer({ minimum: 0, maximum: 99 }),
})

/** The contract's log entry plus its delivery details (added fields only: older clients read it unchanged). */
export const EmailLogRow = Type.Object({
  ...EmailLogEntry.properties,
  attempts: Type.Integer({ description: 'send attempts started so far' }),
  last_error: Type.Union([Type.String(), Type.Null()], {
    description: "the last failure, e.g. the SMTP server's answer",
  }),
  sent_at: Type.Union([Type.String({ description: 'ISO 8601' }), Type.Null()]),
})

const EmailLogQuery = Type.Object({
  to: Type.Optional(Type.String({ maxLength: 254, description: 'only mail to this address' })),
})

/** The admin's view of outgoing mail: the delivery log and the local mailbox it lands in when embedded. */
export async function emailRoutes(app: HttpApp, ctx: EmailContext) {
  const tags = ['email']
  await mountUnder(app, '/api/admin', (admin) => {
    admin.get(
      '/emails',
      {
        config: { auth: 'admin' },
        schema: { tags, querystring: EmailLogQuery, response: { 200: Type.Array(EmailLogRow) } },
      },
      (request) => listEmailLog(ctx.db, request.query.to),
    )

    admin.get(
      '/mailbox',
      { config: { auth: 'admin' }, schema: { tags, response: { 200: Type.Array(MailboxMessageSummary) } } },
      () => listMailbox(ctx.db),
    )

    admin.get(
      '/mailbox/:id',
      { config: { auth: 'admin' }, schema: { tags, params: IdParams, response: { 200: MailboxMessage } } },
      (request) => findMailboxMessage(ctx.db, request.params.id),
    )

    admin.get(
      '/mailbox/:id/attachments/:index',
      { config: { auth: 'admin' }, schema: { tags, params: AttachmentParams, description: 'One file of a message' } },
      async (request, reply) => {
        const file = await findMailboxAttachment(ctx.db, request.params.id, request.params.index)
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename.replace(/["\\]/g, '')}"`)
          .header('cache-control', 'private, no-store')
          .send(file.content)
      },
    )
  })
}
