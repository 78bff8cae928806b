import type { Consumers } from '@ambassador/kit/service'
import { recordLink, removeProduct, upsertAccount, upsertAmbassador, upsertProduct } from './catalog.ts'
import { applyCommissionRule, removeCommissionRule } from './commission-rules.ts'
import { joinGuestOrders } from './guest-orders.ts'
import type { CheckoutContext } from './orders.ts'
import { creditPayoutToWallet } from './wallet/commission.ts'

export const consumers = {
  'product.created': (ctx, event) => upsertProduct(ctx, event.data, event.occurredAt),
  'product.updated': (ctx, event) => upsertProduct(ctx, event.data, event.occurredAt),
  'product.deleted': (ctx, event) => removeProduct(ctx, event.data.id, event.occurredAt),
  'link.created': (ctx, event) => recordLink(ctx, event.data),
  'commission_rule.created': (ctx, event) => applyCommissionRule(ctx, event.data, event.occurredAt),
  'commission_rule.updated': (ctx, event) => applyCommissionRule(ctx, event.data, event.occurredAt),
  'commission_rule.deleted': (ctx, event) => removeCommissionRule(ctx, event.data.id, event.occurredAt),
  'user.registered': async (ctx, event) => {
    await upsertAccount(ctx, event.data, event.occurredAt)
    await upsertAmbassador(ctx, event.data, event.occurredAt)
    await joinGuestOrders(ctx, event.data, event.occurredAt)
  },
  'user.updated': async (ctx, event) => {
    await upsertAccount(ctx, event.data, event.occurredAt)
    await upsertAmbassador(ctx, event.data, event.occurredAt)
    await joinGuestOrders(ctx, event.data, event.occurredAt)
  },
  'payout.paid': (ctx, event) => creditPayoutToWallet(ctx, event),
} satisfies Consumers<CheckoutContext>
