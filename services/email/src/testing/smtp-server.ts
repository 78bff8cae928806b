import { once } from 'node:events'
import type { AddressInfo, Socket } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer, type SMTPServerSession } from 'smtp-server'

/** An SMTP reply other than 250, e.g. `{ code: 451, text: '4.3.0 try again later' }`. */
export type SmtpAnswer = { code: number; text: string }

/** What the server does with a message it has received in full: accept it, answer an error, or hang up unanswered. */
export type MessageOutcome = 'accept' | 'drop' | SmtpAnswer

/** One message received over DATA (whatever the answer): its envelope recipients and the parsed message. */
export type ReceivedMessage = { envelopeTo: string[]; mail: ParsedMail }

export type TestSmtpServer = {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string
  /** Every message received in full, in order, including those answered with an error or dropped. */
  received: ReceivedMessage[]
  /** The messages the server accepted (answered 250): what it keeps. */
  kept: ReceivedMessage[]
  close(): Promise<void>
}

/**
 * A real SMTP server on a free loopback port, no TLS and no login. `onRecipient` may refuse an address at RCPT TO;
 * `onMessage` decides what happens to the n-th message received in full (1-based); by default everything is accepted.
 */
export async function startSmtpServer(
  options: {
    onRecipient?: (address: string) => SmtpAnswer | undefined
    onMessage?: (received: ReceivedMessage, n: number) => MessageOutcome
  } = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMessage[] = []
  const kept: ReceivedMessage[] = []
  const sockets = new Map<number, Socket>()
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = options.onRecipient?.(address.address)
      callback(refusal && answerError(refusal))
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const message = { envelopeTo: recipientsOf(session), mail }
          received.push(message)
          const outcome = options.onMessage?.(message, received.length) ?? 'accept'
          if (outcome === 'drop') {
            // The whole message arrived, and the connection goes before any answer: the client cannot know.
            sockets.get(session.remotePort)?.destroy()
            return
          }
          if (outcome !== 'accept') return callback(answerError(outcome))
          kept.push(message)
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  server.server.on('connection', (socket: Socket) => {
    if (socket.remotePort !== undefined) sockets.set(socket.remotePort, socket)
  })
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    kept,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function recipientsOf(session: SMTPServerSession): string[] {
  return session.envelope.rcptTo.map((to) => to.address)
}

function answerError(answer: SmtpAnswer): Error {
  return Object.assign(new Error(answer.text), { responseCode: answer.code })
}
