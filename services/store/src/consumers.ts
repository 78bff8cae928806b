import type { Consumers, ServiceContext } from '@ambassador/kit/service'
import { recordStock, removeCategory, removeProduct, upsertCategory, upsertProduct } from './catalog.ts'

export const consumers = {
  'product.created': (ctx, event) => upsertProduct(ctx, event.data, event.occurredAt),
  'product.updated': (ctx, event) => upsertProduct(ctx, event.data, event.occurredAt),
  'product.deleted': (ctx, event) => removeProduct(ctx, event.data.id, event.occurredAt),
  'category.created': (ctx, event) => upsertCategory(ctx, event.data, event.occurredAt),
  'category.updated': (ctx, event) => upsertCategory(ctx, event.data, event.occurredAt),
  'category.deleted': (ctx, event) => removeCategory(ctx, event.data.id, event.occurredAt),
  'inventory.changed': (ctx, event) => recordStock(ctx, event.data.product_id, event.data.in_stock, event.occurredAt),
} satisfies Consumers<ServiceContext>
