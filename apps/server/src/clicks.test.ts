import type { ClickStats, OrderDetail } from '@ambassador/contracts/http'
import { parseReferralCookie, REFERRAL_COOKIE } from '@ambassador/contracts/referral'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWholePlatform, TEST_ADMIN } from './testing.ts'

const BROWSER =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startWholePlatform({}, { webApp: true })
  admin = testClient(platform.app)
  expect((await admin.post('/api/admin/login', TEST_ADMIN)).status).toBe(200)
})
afterAll(() => platform?.close())

describe('clicks on a link, through the whole server', () => {
  it('counts two opens by one visitor as 2 clicks and 1 unique visitor, a bot not at all, and the order that follows', async () => {
    const lamp = await admin.post<{ id: string }>('/api/admin/products', {
      title: 'Reading Lamp',
      description: 'Brass',
      image: '',
      price: 40,
    })
    expect(lamp.status).toBe(201)
    const ada = testClient(platform.app)
    const credentials = { email: 'ada.clicks@example.com', password: 'ambassador-pw' }
    await ada.post('/api/ambassador/register', {
      first_name: 'Ada',
      last_name: 'Clicks',
      ...credentials,
      password_confirm: credentials.password,
    })
    expect((await ada.post('/api/ambassador/login', credentials)).status).toBe(200)
    await platform.drain()
    const link = await ada.post<{ code: string }>('/api/ambassador/links', { products: [lamp.body.id] })
    expect(link.status).toBe(201)
    const code = link.body.code

    const visitor = testClient(platform.app)
    const page = (client: TestClient, url: string, userAgent: string) =>
      client.request('GET', url, undefined, { 'user-agent': userAgent })
    const plain = await page(testClient(platform.app), '/shop', BROWSER)
    const first = await page(visitor, `/c/${code}?utm_source=newsletter`, BROWSER)
    const firstReferral = parseReferralCookie(visitor.cookieValue(REFERRAL_COOKIE))
    const second = await page(visitor, `/c/${code}?utm_source=newsletter`, BROWSER)
    const bot = testClient(platform.app)
    await page(bot, `/c/${code}`, GOOGLEBOT)

    // The page itself is what any page is; the referral only adds its cookie.
    for (const opened of [first, second]) {
      expect(opened.status).toBe(plain.status)
      expect(opened.text).toBe(plain.text)
      expect(opened.headers['content-type']).toBe(plain.headers['content-type'])
    }
    expect(String(first.headers['set-cookie'])).toMatch(
      /^amb_ref=[^;]+; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/,
    )
    expect(bot.cookieValue(REFERRAL_COOKIE)).toBeUndefined()
    const referral = parseReferralCookie(visitor.cookieValue(REFERRAL_COOKIE))
    expect(referral?.code).toBe(code)
    expect(referral?.clickId).not.toBe(firstReferral?.clickId) // the last click is the one that credits

    await platform.drain()
    const stats = async () => {
      const response = await ada.get<ClickStats>(`/api/ambassador/clicks/stats?link=${code}`)
      expect(response.status).toBe(200)
      return response.body
    }
    expect((await stats()).totals).toEqual({
      clicks: 2,
      unique_visitors: 1,
      orders: 0,
      conversion_rate: 0,
      revenue: 0,
      commission: 0,
    })

    // The visitor buys from the shop later: the cookie credits the order to the last click.
    await visitor.post('/api/store/cart/lines', { product_id: lamp.body.id, quantity: 1 })
    const session = await visitor.post<{ id: string; url: string }>('/api/store/cart/checkout', {
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace.clicks@example.com',
      address: '1 Harbour St',
      country: 'USA',
      city: 'Arlington',
      zip: '22201',
    })
    expect(session.status, session.text).toBe(201)
    expect(
      (await visitor.post(new URL(session.body.url).pathname, { card_number: '4242 4242 4242 4242' })).status,
    ).toBe(303)
    await platform.drain()
    const after = await stats()
    expect(after.totals).toEqual({
      clicks: 2,
      unique_visitors: 1,
      orders: 1,
      conversion_rate: 0.5,
      revenue: 40,
      commission: 4,
    })
    expect(after.by_source).toEqual([
      {
        source: 'newsletter',
        clicks: 2,
        unique_visitors: 1,
        orders: 1,
        conversion_rate: 0.5,
        revenue: 40,
        commission: 4,
      },
    ])
    const orders = await admin.get<{ id: string; email: string }[]>('/api/admin/orders')
    const order = orders.body.find((o) => o.email === 'grace.clicks@example.com')
    const detail = await admin.get<OrderDetail>(`/api/admin/orders/${order?.id}`)
    expect(detail.body.click_id).toBe(referral?.clickId)
  })
})
