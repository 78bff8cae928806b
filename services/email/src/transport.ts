/**
 * One message as a transport takes it: fully rendered, one recipient. `messageId` is derived from the mail log
 * row, so every attempt at the same mail carries the same Message-ID header.
 */
export type OutgoingMail = {
  messageId: string
  from: string
  to: string
  subject: string
  text: string
  html: string
  attachments?: MailAttachment[] | undefined
  /**
   * For a mail carrying a one-time link, its bodies with the link left out: what a copy kept beside the delivery
   * (the mailbox copy of an SMTP send) stores. The delivery itself always carries `text` and `html`.
   */
  redacted?: { text: string; html: string } | undefined
}

/** A file sent with a mail (an invoice PDF), kept with the mail as base64 until it is sent. */
export type MailAttachment = { filename: string; content_type: string; content_base64: string }

/**
 * How mail leaves the service: the local mailbox by default, SMTP when `SMTP_URL` is set. `send` resolves once the
 * message is accepted (stored, or acknowledged by the server) and rejects when it was not: with a
 * `PermanentMailError` when trying again cannot help, with any other error when a later attempt may succeed.
 * A send settles within `SEND_TIMEOUT_MS`.
 */
export type MailTransport = {
  send(mail: OutgoingMail): Promise<{ messageId: string }>
  /** Releases connections the transport keeps open; called once when the service stops. */
  close?(): Promise<void>
}

/** The longest a transport may take over one message before giving up on it (the delivery worker relies on it). */
export const SEND_TIMEOUT_MS = 60_000

/** A refusal no retry can change (an SMTP 5xx answer): the mail fails at once, with the server's answer. */
export class PermanentMailError extends Error {
  override name = 'PermanentMailError'
}
