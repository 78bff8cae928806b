import type { Consumers } from '@ambassador/kit/service'
import type { EmailContext } from './delivery.ts'
import {
  queueAccountLinkEmail,
  queueFulfilmentEmail,
  queueOrderEmails,
  queuePayoutEmail,
  queueRefundEmails,
  queueWalletEmail,
  queueWebhookDisabledEmails,
  queueWelcomeEmail,
} from './emails.ts'
import { upsertRecipient } from './recipients.ts'

export const consumers = {
  'user.registered': async (ctx, event) => {
    await upsertRecipient(ctx, event.data, event.occurredAt)
    await queueWelcomeEmail(ctx, event)
  },
  'user.updated': (ctx, event) => upsertRecipient(ctx, event.data, event.occurredAt),
  'user.sign_in_link_requested': (ctx, event) => queueAccountLinkEmail(ctx, event),
  'user.password_reset_requested': (ctx, event) => queueAccountLinkEmail(ctx, event),
  'order.completed': (ctx, event) => queueOrderEmails(ctx, event),
  'order.refunded': (ctx, event) => queueRefundEmails(ctx, event),
  'order.fulfilled': (ctx, event) => queueFulfilmentEmail(ctx, event),
  'order.shipped': (ctx, event) => queueFulfilmentEmail(ctx, event),
  'order.delivered': (ctx, event) => queueFulfilmentEmail(ctx, event),
  'payout.paid': (ctx, event) => queuePayoutEmail(ctx, event),
  'payout.returned': (ctx, event) => queuePayoutEmail(ctx, event),
  'wallet.deposited': (ctx, event) => queueWalletEmail(ctx, event),
  'wallet.debited': (ctx, event) => queueWalletEmail(ctx, event),
  'webhook.endpoint_disabled': (ctx, event) => queueWebhookDisabledEmails(ctx, event),
} satisfies Consumers<EmailContext>
