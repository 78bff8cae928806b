import type { Clock } from '@ambassador/kit/clock/clock'
import type { Database } from '@ambassador/kit/db/database'
import { notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import type { Logger } from '@ambassador/kit/log/log'
import { desc, eq } from 'drizzle-orm'
import { mailboxMessages } from './schema.ts'
import type { MailTransport } from './transport.ts'

/** How many messages the mailbox view lists: the newest ones. */
export const MAILBOX_LIST_LIMIT = 500

/**
 * The default transport: "delivers" by storing the message in the local mailbox table; nothing leaves the machine.
 * Stored once per Message-ID, so a mail delivered again (a retry after a crash) is not listed twice. Being the
 * delivery, it stores the bodies in full, one-time links included (development and demos: it is how one gets them).
 */
export function createMailboxTransport(db: Database, clock: Clock): MailTransport {
  return {
    async send({ redacted: _forCopiesOnly, ...mail }) {
      await db
        .insert(mailboxMessages)
        .values({ id: newId(), ...mail, attachments: mail.attachments ?? null, receivedAt: clock.now().toISOString() })
        .onConflictDoNothing({ target: mailboxMessages.messageId })
      return { messageId: mail.messageId }
    },
  }
}

/**
 * Sends through `transport` (SMTP) and keeps a copy of what it accepted in the local mailbox, for the admin's
 * mailbox view: the redacted bodies when the mail has them, so no admin reads another person's one-time link. A
 * copy that cannot be stored is logged, never reported as a failed send: the mail went out, and a failure here
 * would have it sent again.
 */
export function keepingMailboxCopy(transport: MailTransport, mailbox: MailTransport, log: Logger): MailTransport {
  return {
    async send(mail) {
      const sent = await transport.send(mail)
      await mailbox.send({ ...mail, ...mail.redacted }).catch((error: unknown) => {
        log.warn({ err: error, messageId: mail.messageId }, 'the mailbox copy of a sent email was not stored')
      })
      return sent
    },
    async close() {
      await transport.close?.()
    },
  }
}

/** The mailbox's newest messages, newest first, without their bodies. */
export async function listMailbox(db: Database) {
  const rows = await db
    .select({
      id: mailboxMessages.id,
      from: mailboxMessages.from,
      to: mailboxMessages.to,
      subject: mailboxMessages.subject,
      receivedAt: mailboxMessages.receivedAt,
    })
    .from(mailboxMessages)
    .orderBy(desc(mailboxMessages.receivedAt), desc(mailboxMessages.id))
    .limit(MAILBOX_LIST_LIMIT)
  return rows.map(({ receivedAt, ...row }) => ({ ...row, received_at: new Date(receivedAt).toISOString() }))
}

/** One mailbox message with its text and HTML bodies; 404 when unknown. */
export async function findMailboxMessage(db: Database, id: string) {
  if (!isUuid(id)) throw notFound('Message not found')
  const [row] = await db.select().from(mailboxMessages).where(eq(mailboxMessages.id, id))
  if (!row) throw notFound('Message not found')
  return {
    id: row.id,
    from: row.from,
    to: row.to,
    subject: row.subject,
    text: row.text,
    html: row.html,
    attachments: (row.attachments ?? []).map((file, index) => ({
      index,
      filename: file.filename,
      content_type: file.content_type,
      size: Buffer.byteLength(file.content_base64, 'base64'),
    })),
    received_at: new Date(row.receivedAt).toISOString(),
  }
}

/** One file of a mailbox message, to download; 404 when unknown. */
export async function findMailboxAttachment(db: Database, id: string, index: number) {
  if (!isUuid(id)) throw notFound('Attachment not found')
  const [row] = await db
    .select({ attachments: mailboxMessages.attachments })
    .from(mailboxMessages)
    .where(eq(mailboxMessages.id, id))
  const file = row?.attachments?.[index]
  if (!file) throw notFound('Attachment not found')
  return {
    filename: file.filename,
    contentType: file.content_type,
    content: Buffer.from(file.content_base64, 'base64'),
  }
}
