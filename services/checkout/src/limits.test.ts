import { testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from './index.ts'

let platform: TestPlatform
beforeAll(async () => {
  platform = await startTestPlatform([checkoutService], { CHECKOUT_RATE_LIMIT_PER_MINUTE: '3' })
})
afterAll(() => platform?.close())

const order = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.com',
  address: '1 Street',
  country: 'UK',
  city: 'London',
  zip: 'N1',
  code: 'no-such-link',
  products: [{ product_id: '0190a7a2-0000-7000-8000-000000000001', quantity: 1 }],
}

describe('checkout limits (CHECKOUT_RATE_LIMIT_PER_MINUTE)', () => {
  it.each([
    ['placing orders', '/api/checkout/orders', order],
    ['confirming payments', '/api/checkout/orders/confirm', { source: 'cs_test_nothing' }],
  ])('stop a client %s beyond the limit with 429 and a code', async (_what, url, body) => {
    const client = testClient(platform.app)
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await client.post(url, body)).status)
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true)
    const refused = await client.post<{ code: string }>(url, body)
    expect(refused.status).toBe(429)
    expect(refused.body.code).toBe('too_many_requests')
    expect(refused.headers['retry-after']).toBeDefined()
  })
})
