import nodemailer, { type NodemailerError } from 'nodemailer'
import { type MailTransport, PermanentMailError, SEND_TIMEOUT_MS } from './transport.ts'

/** How long to wait for each step with a server that does not answer: one hung server never holds the worker. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }

/**
 * Delivers through the SMTP server at `smtpUrl` (`smtp://user:pass@host:port`, `smtps://…`). A 5xx answer is a
 * `PermanentMailError` carrying the server's words; 4xx answers, dropped connections and timeouts are left for a
 * later attempt.
 */
export function createSmtpTransport(smtpUrl: string): MailTransport {
  // One connection per message, no pool: the pool re-sends on its own when a connection closes mid-send, and
  // every attempt here must be one the delivery worker counted.
  const transporter = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS, dnsTimeout: 10_000 })
  return {
    async send(mail) {
      try {
        await transporter.sendMail({
          messageId: mail.messageId,
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          attachments: mail.attachments?.map((file) => ({
            filename: file.filename,
            contentType: file.content_type,
            content: Buffer.from(file.content_base64, 'base64'),
          })),
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        })
      } catch (error) {
        if (isPermanent(error)) throw new PermanentMailError(error.message, { cause: error })
        throw error
      }
      return { messageId: mail.messageId }
    },
    async close() {
      transporter.close()
    },
  }
}

/**
 * A refusal that the same message would get again: a 5xx answer (nodemailer sets `permanent`, leaving out 503, a
 * session out of step), or an envelope nodemailer itself refused. A rejected login is left transient, though its
 * answer is a 5xx: it is the server's configuration, not the message, and mail should go once it is fixed.
 */
function isPermanent(error: unknown): error is NodemailerError {
  if (!(error instanceof Error)) return false
  const { code, permanent, responseCode } = error as NodemailerError
  if (code === 'EAUTH' || code === 'ENOAUTH') return false
  return permanent === true || (code === 'EENVELOPE' && responseCode === undefined)
}
