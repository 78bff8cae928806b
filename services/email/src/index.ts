import { fileURLToPath } from 'node:url'
import type { Clock } from '@ambassador/kit/clock/clock'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { defineService, type ServiceContext } from '@ambassador/kit/service'
import { consumers } from './consumers.ts'
import { createDeliveryWorker, type EmailContext } from './delivery.ts'
import { createMailboxTransport, keepingMailboxCopy } from './mailbox.ts'
import { emailRoutes } from './routes.ts'
import { recipients, tables } from './schema.ts'
import { createSmtpTransport } from './smtp.ts'
import type { MailTransport } from './transport.ts'

export type EmailServiceOptions = {
  /** Builds the mail transport from the service's context; by default SMTP when `SMTP_URL` is set, else the local mailbox. */
  transport?: (ctx: ServiceContext) => MailTransport
  /** The time the service queues, retries and stamps mail by; the platform's clock by default (tests fix it). */
  clock?: Clock
}

/** Outgoing mail: queues what events call for (receipts, sale notices, welcomes) and delivers it with retries. */
export function createEmailService(options: EmailServiceOptions = {}) {
  return defineService<EmailContext>({
    name: 'email',
    migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
    tables,
    context: (base) => {
      const ctx = { ...base, clock: options.clock ?? base.clock }
      const transport = options.transport ?? configuredTransport
      return { ...ctx, transport: transport(ctx) }
    },
    routes: emailRoutes,
    sessionVersionOf: sessionVersionFrom(recipients),
    consumers,
    workers: [createDeliveryWorker()],
    stop: async (ctx) => {
      await ctx.transport.close?.()
    },
  })
}

/** SMTP when `SMTP_URL` is set, with a copy of each sent mail kept in the local mailbox; the local mailbox otherwise. */
function configuredTransport(ctx: ServiceContext): MailTransport {
  const mailbox = createMailboxTransport(ctx.db, ctx.clock)
  const { smtpUrl } = ctx.config
  if (smtpUrl === undefined) return mailbox
  ctx.log.info({ smtpServer: new URL(smtpUrl).host }, 'mail goes out by SMTP, with a copy in the local mailbox')
  return keepingMailboxCopy(createSmtpTransport(smtpUrl), mailbox, ctx.log)
}

/** The email service as the app runs it: the configured transport, platform clock. */
export const emailService = createEmailService()

export type { EmailContext } from './delivery.ts'
export { type MailTransport, type OutgoingMail, PermanentMailError } from './transport.ts'
