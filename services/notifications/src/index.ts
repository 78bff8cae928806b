import { fileURLToPath } from 'node:url'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { defineService, type ServiceContext } from '@ambassador/kit/service'
import { CHAT_CHANNEL, chatChannel } from './chat/channel.ts'
import { consumers } from './consumers.ts'
import { createDeliveryWorker } from './deliveries/engine.ts'
import { notificationsRoutes } from './routes.ts'
import { accounts, tables } from './schema.ts'
import { SMS_CHANNEL, smsChannel } from './sms/channel.ts'
import { WEBHOOK_CHANNEL, webhookChannel } from './webhooks/channel.ts'

/**
 * Outbound notifications, sent by one delivery engine: signed webhooks to the endpoints admins register, messages
 * to the Discord and Slack channels they connect, and texts to their phones.
 */
export const notificationsService = defineService<ServiceContext>({
  name: 'notifications',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: (base) => base,
  routes: notificationsRoutes,
  sessionVersionOf: sessionVersionFrom(accounts),
  consumers,
  workers: [
    createDeliveryWorker({ [WEBHOOK_CHANNEL]: webhookChannel, [CHAT_CHANNEL]: chatChannel, [SMS_CHANNEL]: smsChannel }),
  ],
})

export { signatureHeader } from './webhooks/signature.ts'
