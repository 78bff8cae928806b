import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { usersService } from '@ambassador/users'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN } from './testing.ts'

let platform: TestPlatform
beforeAll(async () => {
  platform = await startWholePlatform()
  await platform.drain()
})
afterAll(() => platform?.close())

type Sample = { name: string; labels: Record<string, string>; value: number }

/** The samples of a Prometheus text exposition (comment lines left out). */
function samplesOf(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
      if (!match) throw new Error(`not an exposition line: ${line}`)
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      )
      return { name: match[1] as string, labels, value: Number(match[3]) }
    })
}

/** The sum of a series' samples whose labels include the given ones (0 when there are none yet). */
function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0)
}

async function scrape(client: TestClient = testClient(platform.app)) {
  const response = await client.get<string>('/metrics')
  expect(response.status).toBe(200)
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
  return { text: response.text, samples: samplesOf(response.text) }
}

/** An admin's product, an ambassador's link to it, and a shopper who orders and pays it: the order completes. */
async function placeAndPayOrder() {
  const admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
  const product = await admin.post<{ id: string }>('/api/admin/products', {
    title: 'Mug',
    description: 'A mug',
    image: 'https://img/x.png',
    price: 12.5,
  })
  expect(product.status).toBe(201)
  const ambassador = testClient(platform.app)
  const email = `ada.${Date.now()}@example.com`
  const registered = await ambassador.post('/api/ambassador/register', {
    first_name: 'Ada',
    last_name: 'Lovelace',
    email,
    password: 'ambassador-pw',
    password_confirm: 'ambassador-pw',
  })
  expect(registered.status).toBe(201)
  await platform.drain()
  expect((await ambassador.post('/api/ambassador/login', { email, password: 'ambassador-pw' })).status).toBe(200)
  const link = await ambassador.post<{ code: string }>('/api/ambassador/links', { products: [product.body.id] })
  expect(link.status).toBe(201)
  await platform.drain()
  const shopper = testClient(platform.app)
  const session = await shopper.post<{ id: string; url: string }>(
    '/api/checkout/orders',
    customerOrder(link.body.code, [{ product_id: product.body.id, quantity: 2 }]),
  )
  expect(session.status).toBe(201)
  const paid = await shopper.post(new URL(session.body.url).pathname, { card_number: '4242 4242 4242 4242' })
  expect(paid.status).toBe(303)
  const confirm = () => shopper.post('/api/checkout/orders/confirm', { source: session.body.id })
  expect((await confirm()).status).toBe(200)
  await platform.drain()
  return { admin, code: link.body.code, confirm }
}

describe('GET /metrics', () => {
  it('exposes the Node defaults, the HTTP latency histogram, the event backlog per service and the business counters', async () => {
    const { text, samples } = await scrape()
    for (const series of [
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'http_request_duration_seconds',
      'events_outbox_unpublished',
      'events_outbox_oldest_seconds',
      'events_dead_letters',
      'events_consumer_in_flight',
      'events_consumer_lag_messages',
      'orders_completed_total',
      'emails_sent_total',
      'emails_failed_total',
      'cache_lookups_total',
    ]) {
      expect(text).toContain(`# TYPE ${series} `)
    }
    // The backlog is read from every service's own tables at the scrape: all drained here.
    for (const service of ['users', 'admin', 'ambassador', 'checkout', 'email', 'store']) {
      expect(samples).toContainEqual({ name: 'events_outbox_unpublished', labels: { service }, value: 0 })
      expect(samples).toContainEqual({ name: 'events_outbox_oldest_seconds', labels: { service }, value: 0 })
      expect(samples).toContainEqual({ name: 'events_dead_letters', labels: { service }, value: 0 })
    }
  })

  it('counts a placed and paid order once, its requests by route pattern, the mails it sends and cache lookups', async () => {
    const before = (await scrape()).samples
    const { admin, code, confirm } = await placeAndPayOrder()
    // A second confirm of the same payment completes nothing more.
    expect((await confirm()).status).toBe(200)
    await platform.drain()
    // The admin's order list: computed once, then answered from the cache.
    expect((await admin.get('/api/admin/orders')).status).toBe(200)
    expect((await admin.get('/api/admin/orders')).status).toBe(200)
    const { text, samples: after } = await scrape()

    const moved = (name: string, labels: Record<string, string> = {}) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels)
    expect(moved('orders_completed_total', { service: 'checkout' })).toBe(1)
    const placing = { method: 'POST', route: '/api/checkout/orders', status: '201' }
    expect(moved('http_request_duration_seconds_count', placing)).toBe(1)
    expect(moved('http_request_duration_seconds_bucket', { ...placing, le: '+Inf' })).toBe(1)
    expect(
      moved('http_request_duration_seconds_count', { method: 'POST', route: '/api/checkout/orders/confirm' }),
    ).toBe(2)
    // The receipt, the ambassador's sale and the admin's notice, all accepted by the (local) mail transport.
    expect(moved('emails_sent_total', { service: 'email' })).toBeGreaterThanOrEqual(3)
    expect(moved('emails_failed_total', { service: 'email' })).toBe(0)
    expect(moved('cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(1)
    expect(moved('cache_lookups_total', { result: 'miss' })).toBeGreaterThanOrEqual(1)
    // Routes are patterns: the link's code never becomes a label.
    expect(sampleValue(after, 'http_request_duration_seconds_count', { route: '/api/checkout/links/:code' })).toBe(
      sampleValue(before, 'http_request_duration_seconds_count', { route: '/api/checkout/links/:code' }),
    )
    expect(text).not.toContain(code)
    expect(after.filter((s) => s.labels.route?.includes('?'))).toEqual([])
    // Every event of the order went out and was applied.
    expect(sampleValue(after, 'events_outbox_unpublished')).toBe(0)
    expect(sampleValue(after, 'events_consumer_in_flight')).toBe(0)
  })

  it('wants METRICS_TOKEN as a Bearer token when it is set', async () => {
    const guarded = await startTestPlatform([usersService], { METRICS_TOKEN: 'scrape-secret' })
    try {
      const client = testClient(guarded.app)
      expect((await client.get('/metrics')).status).toBe(401)
      expect((await client.request('GET', '/metrics', undefined, { authorization: 'Bearer wrong' })).status).toBe(401)
      const allowed = await client.request<string>('GET', '/metrics', undefined, {
        authorization: 'Bearer scrape-secret',
      })
      expect(allowed.status).toBe(200)
      expect(allowed.text).toContain('events_outbox_unpublished{service="users"} 0')
    } finally {
      await guarded.close()
    }
  })
})

describe('X-Request-Id', () => {
  it('is echoed when the caller sends a plain token, and made up otherwise', async () => {
    const client = testClient(platform.app)
    const given = await client.request('GET', '/health/live', undefined, { 'x-request-id': 'trace-abc.123' })
    expect(given.headers['x-request-id']).toBe('trace-abc.123')
    const odd = await client.request('GET', '/health/live', undefined, { 'x-request-id': 'bad id <script>' })
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    const none = await client.get('/api/nothing-here')
    expect(none.status).toBe(404)
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})
