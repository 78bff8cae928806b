import { fileURLToPath } from 'node:url'
import type { Clock } from '@ambassador/kit/clock/clock'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { defineService, type ServiceContext } from '@ambassador/kit/service'
import { consumers } from './consumers.ts'
import { createDeliveryWorker, type EmailContext } from './delivery.ts'
import { createMailboxTransport } from './mailbox.ts'
import { emailRoutes } from './routes.ts'
import { recipients, tables } from './schema.ts'
import type { MailTransport } from './transport.ts'

export type EmailServiceOptions = {
  /** Builds the mail transport from the service's context; the local mailbox by default. */
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
      const transport = options.transport ?? ((c: ServiceContext) => createMailboxTransport(c.db, c.clock))
      return { ...ctx, transport: transport(ctx) }
    },
    routes: emailRoutes,
    sessionVersionOf: sessionVersionFrom(recipients),
    consumers,
    workers: [createDeliveryWorker()],
  })
}

/** The email service as the app runs it: local mailbox transport, platform clock. */
export const emailService = createEmailService()

export type { EmailContext } from './delivery.ts'
export type { MailTransport, OutgoingMail } from './transport.ts'
