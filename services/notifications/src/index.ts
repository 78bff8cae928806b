import { fileURLToPath } from 'node:url'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { defineService, type ServiceContext } from '@ambassador/kit/service'
import { CHAT_CHANNEL, chatChannel } from './chat/channel.ts'
import { consumers } from './consumers.ts'
import { createDeliveryWorker } from './deliveries/engine.ts'
import { notificationsRoutes } from './routes.ts'
import { accounts, tables } from './schema.ts'
import { WEBHOOK_CHANNEL, webhookChannel } from './webhooks/channel.ts'

/**
 * Outbound notifications, sent by one delivery engine: signed webhooks to the endpoints admins register, and messages
 * to the Discord and Slack channels they connect.
 */
export const notificationsService = defineService<ServiceContext>({
  name: 'notifications',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: (base) => base,
  routes: notificationsRoutes,
  sessionVersionOf: sessionVersionFrom(accounts),
  consumers,
  workers: [createDeliveryWorker({ [WEBHOOK_CHANNEL]: webhookChannel, [CHAT_CHANNEL]: chatChannel })],
})

export { signatureHeader } from './webhooks/signature.ts'
