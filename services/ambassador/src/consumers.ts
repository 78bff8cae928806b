import type { Consumers } from '@ambassador/kit/service'
import { removeCatalogProduct, upsertCatalogProduct } from './catalog.ts'
import { recordConversion, recordConversionRefund, recordConversionRestoration } from './clicks/conversions.ts'
import { recordAccruals, recordDelivery, recordRestoration, recordReversals } from './ledger/record.ts'
import { type AmbassadorContext, recordLinkOrder, recordLinkRefund, recordLinkRestoration } from './stats.ts'
import { upsertUser } from './users.ts'

export const consumers = {
  'product.created': (ctx, event) => upsertCatalogProduct(ctx, event.data, event.occurredAt),
  'product.updated': (ctx, event) => upsertCatalogProduct(ctx, event.data, event.occurredAt),
  'product.deleted': (ctx, event) => removeCatalogProduct(ctx, event.data.id, event.occurredAt),
  'user.registered': (ctx, event) => upsertUser(ctx, event.data, event.occurredAt),
  'user.updated': (ctx, event) => upsertUser(ctx, event.data, event.occurredAt),
  'order.completed': async (ctx, event) => {
    await recordLinkOrder(ctx, event.data)
    await recordAccruals(ctx, event)
    await recordConversion(ctx, event.data)
  },
  'order.refunded': async (ctx, event) => {
    await recordLinkRefund(ctx, event.data)
    await recordReversals(ctx, event)
    await recordConversionRefund(ctx, event.data)
  },
  'order.commission_restored': async (ctx, event) => {
    await recordLinkRestoration(ctx, event.data)
    await recordRestoration(ctx, event)
    await recordConversionRestoration(ctx, event.data)
  },
  'order.delivered': (ctx, event) => recordDelivery(ctx, event),
} satisfies Consumers<AmbassadorContext>
