/**
 * A local SMTP server that keeps what it receives and sends nothing on: every message is written to <dir> as an
 * .eml file (open it with any mail client) and logged in one line. scripts/dist-up.sh starts it and points the email
 * service at it (SMTP_URL) when no SMTP_URL is given.
 *
 *   node --import tsx scripts/mail-catcher.ts <dir> [port=1025] [host=127.0.0.1]
 */
import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

const [dirArgument, port = '1025', host = '127.0.0.1'] = process.argv.slice(2)
if (!dirArgument) {
  console.error('usage: node --import tsx scripts/mail-catcher.ts <dir> [port] [host]')
  process.exit(2)
}
const dir: string = dirArgument
await mkdir(dir, { recursive: true })

/** Larger messages are refused (552) rather than kept. */
const MAX_MESSAGE_BYTES = 20 * 1024 * 1024

const server = new SMTPServer({
  // Loopback only and for development: no TLS, no login.
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  size: MAX_MESSAGE_BYTES,
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('error', callback)
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        callback(Object.assign(new Error('5.3.4 Message too big'), { responseCode: 552 }))
        return
      }
      const raw = Buffer.concat(chunks)
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(', ')
      keep(raw, to).then(
        () => callback(),
        (error: Error) => {
          console.error(`could not keep a message to ${to}: ${error.message}`)
          callback(Object.assign(new Error('4.3.0 Could not store the message'), { responseCode: 451 }))
        },
      )
    })
  },
})

/** Writes the message as it arrived and logs who it is for and what it is about. */
async function keep(raw: Buffer, to: string) {
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`)
  await writeFile(file, raw)
  const { subject, messageId } = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true })
  console.log(`${new Date().toISOString()} to ${to}: "${subject ?? ''}" ${messageId ?? ''} → ${path.basename(file)}`)
}

let listening = false
// Also the errors of client connections: logged, never fatal, unless the server could not even start.
server.on('error', (error) => {
  console.error(`mail catcher: ${error.message}`)
  if (!listening) process.exit(1)
})
server.listen(Number(port), host, () => {
  listening = true
  console.log(`mail catcher listening on smtp://${host}:${port}, keeping mail in ${dir}`)
})

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)))
}
