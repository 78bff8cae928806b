/** One message as a transport takes it: fully rendered, one recipient. */
export type OutgoingMail = { from: string; to: string; subject: string; text: string; html: string }

/**
 * How mail leaves the service: the local mailbox when embedded, SMTP when distributed. `send` resolves once the
 * message is accepted (stored, or acknowledged by the server) and rejects when it was not.
 */
export type MailTransport = {
  send(mail: OutgoingMail): Promise<{ messageId: string }>
}
