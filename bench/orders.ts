import { setTimeout as sleep } from 'node:timers/promises'
import { Agent, request } from 'undici'

/** One shopper's details; the email makes each order findable in the admin's list. */
function shopper(n: number, code: string, productId: string) {
  return {
    first_name: 'Bench',
    last_name: `Shopper ${n}`,
    email: `burst-${n}@shoppers.test`,
    address: '1 Bench Street',
    country: 'Benchland',
    city: 'Benchton',
    zip: '12345',
    code,
    products: [{ product_id: productId, quantity: 1 }],
  }
}

export type OrderClient = { base: string; agent: Agent }

export function orderClient(base: string, connections: number): OrderClient {
  return { base, agent: new Agent({ connections, pipelining: 1 }) }
}

async function send(client: OrderClient, method: 'GET' | 'POST', url: string, body?: unknown, headers = {}) {
  const response = await request(new URL(url, client.base), {
    method,
    dispatcher: client.agent,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.body.text()
  return { status: response.statusCode, headers: response.headers, text }
}

/** Places, pays (the embedded test provider's pay page) and confirms one order; returns false if any step failed. */
export async function buyOnce(client: OrderClient, n: number, code: string, productId: string): Promise<boolean> {
  const placed = await send(client, 'POST', '/api/checkout/orders', shopper(n, code, productId))
  if (placed.status !== 201) return false
  const session = JSON.parse(placed.text) as { id: string; url: string }
  const paid = await send(client, 'POST', new URL(session.url).pathname, { card_number: '4242 4242 4242 4242' })
  if (paid.status !== 303) return false
  const confirmed = await send(client, 'POST', '/api/checkout/orders/confirm', { source: session.id })
  return confirmed.status === 200
}

export type Burst = { orders: number; failed: number; seconds: number; perSecond: number; lastEmail: string }

/** `clients` shoppers each buying one order after another for `seconds`. */
export async function orderBurst(
  client: OrderClient,
  options: { clients: number; seconds: number; code: string; productId: string; first: number },
) {
  let n = options.first
  let orders = 0
  let failed = 0
  let lastEmail = ''
  const started = performance.now()
  const until = started + options.seconds * 1000
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (performance.now() < until) {
        const mine = n++
        const ok = await buyOnce(client, mine, options.code, options.productId).catch(() => false)
        if (ok) {
          orders++
          lastEmail = `burst-${mine}@shoppers.test`
        } else failed++
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return { orders, failed, seconds, perSecond: orders / seconds, lastEmail } satisfies Burst
}

/** Polls until `check` holds; returns the milliseconds it took, or undefined after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<number | undefined> {
  const started = performance.now()
  while (performance.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return performance.now() - started
    await sleep(5)
  }
  return undefined
}

/** Read-model checks: what each service shows about the busy ambassador's burst link. */
export function readModels(client: OrderClient, tokens: { ambassador: string; admin: string }, link: { code: string }) {
  const asAmbassador = { authorization: `Bearer ${tokens.ambassador}` }
  const asAdmin = { authorization: `Bearer ${tokens.admin}` }
  const json = async <T>(url: string, headers: Record<string, string>) => {
    const response = await send(client, 'GET', url, undefined, headers)
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`)
    return JSON.parse(response.text) as T
  }
  return {
    /** ambassador service: the link's completed orders. */
    statsCount: async () =>
      (await json<{ code: string; count: number }[]>('/api/ambassador/stats', asAmbassador)).find(
        (s) => s.code === link.code,
      )?.count ?? 0,
    /** users service: the ambassador's total commission. */
    revenue: async () => (await json<{ revenue: number }>('/api/ambassador/user', asAmbassador)).revenue,
    /** ambassador service's leaderboard: the ambassador's score. */
    ranking: async (name: string) =>
      (await json<Record<string, number>>('/api/ambassador/rankings', asAmbassador))[name],
    /** admin service: the newest orders' emails. */
    adminEmails: async () =>
      (await json<{ email: string }[]>('/api/admin/orders?limit=50', asAdmin)).map((order) => order.email),
  }
}
