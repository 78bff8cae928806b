import { randomUUID } from 'node:crypto'
import type { LinkData, OrderCompletedData, ProductData, UserData } from '@ambassador/contracts/events'
import type { CreateOrderBody } from '@ambassador/contracts/http'
import { newShortCode } from '@ambassador/kit/ids/ids'
import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { and, asc, eq } from 'drizzle-orm'
import { findOrderBySession, type Order } from '../orders.ts'
import { signTestWebhook, TEST_SIGNATURE_HEADER, TEST_WEBHOOK_PATH } from '../payments/test-provider.ts'
import { outbox } from '../schema.ts'

export type SeededStore = { ambassador: UserData; products: ProductData[]; link: LinkData }

/** Feeds checkout's read models the way the other services would: an ambassador, products and a link to them. */
export async function seedStore(
  platform: TestPlatform,
  items: { title: string; price_minor: number; description?: string; category_ids?: string[]; active?: boolean }[],
): Promise<SeededStore> {
  const ambassador: UserData = {
    id: randomUUID(),
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: `ada-${randomUUID()}@example.com`,
    role: 'ambassador',
  }
  await platform.publish('user.registered', ambassador.id, ambassador)
  const products: ProductData[] = []
  for (const item of items) {
    const product: ProductData = {
      id: randomUUID(),
      title: item.title,
      description: item.description ?? `All about ${item.title}`,
      image: `https://img.example.com/${encodeURIComponent(item.title)}.png`,
      price_minor: item.price_minor,
      currency: 'USD',
      slug: `${item.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}`,
      category_ids: item.category_ids ?? [],
      active: item.active ?? true,
    }
    await platform.publish('product.created', product.id, product)
    products.push(product)
  }
  const link: LinkData = {
    id: randomUUID(),
    code: newShortCode(),
    user_id: ambassador.id,
    product_ids: products.map((p) => p.id),
    created_at: new Date().toISOString(),
  }
  await platform.publish('link.created', link.id, link)
  return { ambassador, products, link }
}

/** A valid order body for a link; override any field. */
export function orderBody(
  code: string,
  products: CreateOrderBody['products'],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    first_name: 'Charles',
    last_name: 'Babbage',
    email: 'charles@example.com',
    address: '1 Difference Engine Way',
    country: 'United Kingdom',
    city: 'London',
    zip: 'NW1 6XE',
    code,
    products,
    ...overrides,
  }
}

/** The database of the checkout service under test, for what no route shows. */
export function checkoutDb(platform: TestPlatform) {
  const ctx = platform.contexts.get('checkout')
  if (!ctx) throw new Error('the test platform has no checkout service')
  return ctx.db
}

/** The order.completed events checkout has recorded in its outbox for one order. */
export async function completedEvents(platform: TestPlatform, orderId: string): Promise<OrderCompletedData[]> {
  const rows = await checkoutDb(platform)
    .select()
    .from(outbox)
    .where(and(eq(outbox.type, 'order.completed'), eq(outbox.key, orderId)))
    .orderBy(asc(outbox.position))
  return rows.map((row) => row.data as OrderCompletedData)
}

/** The order a payment session pays for; fails the test when there is none. */
export async function orderOfSession(platform: TestPlatform, sessionId: string): Promise<Order> {
  const order = await findOrderBySession(checkoutDb(platform), sessionId)
  if (!order) throw new Error(`no order has the payment session ${sessionId}`)
  return order
}

/** Pays a session's pay page with a card, as its form would (JSON unless `form` is set). */
export function payWithCard(platform: TestPlatform, sessionUrl: string, cardNumber: string, form = false) {
  const path = new URL(sessionUrl).pathname
  const client = testClient(platform.app)
  if (!form) return client.post(path, { card_number: cardNumber })
  return client.request('POST', path, new URLSearchParams({ card_number: cardNumber }).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  })
}

/** Posts a payment.succeeded webhook to checkout, signed like the test provider signs them. */
export function sendTestWebhook(
  platform: TestPlatform,
  secret: string,
  sessionId: string,
  options: { timestamp?: number; body?: string; signature?: string; eventId?: string } = {},
) {
  const signed = JSON.stringify({
    id: options.eventId ?? `evt_test_${randomUUID()}`,
    type: 'payment.succeeded',
    data: { session_id: sessionId },
  })
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  const signature = options.signature ?? signTestWebhook(secret, signed, timestamp)
  return testClient(platform.app).request<unknown>('POST', TEST_WEBHOOK_PATH, options.body ?? signed, {
    'content-type': 'application/json',
    [TEST_SIGNATURE_HEADER]: signature,
  })
}
