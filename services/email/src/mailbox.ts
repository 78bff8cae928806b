import type { Clock } from '@ambassador/kit/clock/clock'
import type { Database } from '@ambassador/kit/db/database'
import { notFound } from '@ambassador/kit/errors/errors'
import { isUuid, newId } from '@ambassador/kit/ids/ids'
import { desc, eq } from 'drizzle-orm'
import { mailboxMessages } from './schema.ts'
import type { MailTransport } from './transport.ts'

/** How many messages the mailbox view lists: the newest ones. */
export const MAILBOX_LIST_LIMIT = 500

/** The embedded transport: "delivers" by storing the message in the local mailbox table; nothing leaves the machine. */
export function createMailboxTransport(db: Database, clock: Clock): MailTransport {
  return {
    async send(mail) {
      const id = newId()
      const messageId = `<${id}@mailbox.ambassador.local>`
      await db.insert(mailboxMessages).values({ id, messageId, ...mail, receivedAt: clock.now().toISOString() })
      return { messageId }
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
    received_at: new Date(row.receivedAt).toISOString(),
  }
}
