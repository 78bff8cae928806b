import type { Coupon, VanityCode } from '@ambassador/contracts/http'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from './index.ts'
import { orderBody, orderOfSession, payWithCard, type SeededStore, seedStore } from './testing/store.ts'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startTestPlatform([checkoutService], { CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000' })
  admin = await platform.signIn(userData({ role: 'admin' }))
})
afterAll(() => platform?.close())

type Session = { id: string; url: string }

/** An ambassador with a link (and a $100 lantern on it), signed in. */
async function ambassadorWithLink(): Promise<{ store: SeededStore; client: TestClient }> {
  const store = await seedStore(platform, [{ title: 'Lantern', price_minor: 10_000 }])
  return { store, client: await platform.signIn(store.ambassador) }
}

const unique = () => Math.random().toString(36).slice(2, 8).toUpperCase()

describe('an ambassador’s vanity codes', () => {
  it('makes a code for the newest link, lists it, and an order using it credits the ambassador with no click', async () => {
    const { store, client } = await ambassadorWithLink()
    const code = `ADA${unique()}`
    const made = await client.request<VanityCode>('POST', '/api/ambassador/coupons', {
      code: code.toLowerCase(),
      discount_percent: 10,
      commission_given_up_percent: 5,
    })
    expect(made.status, made.text).toBe(201)
    expect(made.body).toMatchObject({
      code,
      discount_percent: 10,
      commission_given_up_percent: 5,
      link_code: store.link.code,
      active: true,
      used: 0,
    })
    expect((await client.get<VanityCode[]>('/api/ambassador/coupons')).body.map((c) => c.code)).toEqual([code])
    const admins = (await admin.get<Coupon[]>('/api/admin/coupons')).body.find((c) => c.code === code)
    expect(admins).toMatchObject({ ambassador_id: store.ambassador.id, link_code: store.link.code, percent: 10 })

    // A shopper who never opened the link buys in the shop with the code: $100 − 10%, Ada earns 10% − 5% of $90.
    const shopper = testClient(platform.app)
    await shopper.post('/api/store/cart/lines', { product_id: store.products[0]?.id, quantity: 1 })
    expect((await shopper.put('/api/store/cart/coupon', { code })).status).toBe(200)
    const body = orderBody('', [])
    const placed = await shopper.request<Session>('POST', '/api/store/cart/checkout', {
      first_name: body.first_name,
      last_name: body.last_name,
      email: body.email,
      address: body.address,
      country: body.country,
      city: body.city,
      zip: body.zip,
    })
    expect(placed.status, placed.text).toBe(201)
    await payWithCard(platform, placed.body.url, '4242424242424242')
    const order = await orderOfSession(platform, placed.body.id)
    expect(order).toMatchObject({
      ambassadorId: store.ambassador.id,
      attributedBy: 'coupon',
      clickId: null,
      totalMinor: 9_000,
      ambassadorRevenueMinor: 450,
    })
    expect((await client.get<VanityCode[]>('/api/ambassador/coupons')).body[0]?.used).toBe(1)
  })

  it('keeps the discount within the admin’s limit and the codes within their number, for new codes', async () => {
    const { client } = await ambassadorWithLink()
    const limits = await admin.put('/api/admin/vanity-codes/limits', {
      max_discount_percent: 15,
      max_codes_per_ambassador: 2,
    })
    expect(limits.body).toEqual({ max_discount_percent: 15, max_codes_per_ambassador: 2 })
    const make = (code: string, discount: number) =>
      client.request<{ code: string; message: string }>('POST', '/api/ambassador/coupons', {
        code,
        discount_percent: discount,
      })
    const tooMuch = await make(`BIG${unique()}`, 15.5)
    expect([tooMuch.status, tooMuch.body.code]).toEqual([400, 'discount_too_large'])
    expect(tooMuch.body.message).toContain('15%')
    const first = await make(`ONE${unique()}`, 15)
    expect(first.status).toBe(201)
    expect((await make(`TWO${unique()}`, 5)).status).toBe(201)
    const third = await make(`THR${unique()}`, 5)
    expect([third.status, third.body.code]).toEqual([409, 'too_many_codes'])
    // A deactivated code frees its place; it stays in the list, inactive.
    const [newest] = (await client.get<VanityCode[]>('/api/ambassador/coupons')).body
    const stopped = await client.request<VanityCode>('DELETE', `/api/ambassador/coupons/${newest?.id}`)
    expect(stopped.body.active).toBe(false)
    expect((await make(`THR${unique()}`, 5)).status).toBe(201)
    await admin.put('/api/admin/vanity-codes/limits', { max_discount_percent: 10, max_codes_per_ambassador: 3 })
  })

  it('refuses a taken code, a bad code, giving up more than the discount, another’s link, and having no link', async () => {
    const { store, client } = await ambassadorWithLink()
    const make = (body: Record<string, unknown>) =>
      client.request<{ code: string }>('POST', '/api/ambassador/coupons', { discount_percent: 5, ...body })
    const code = `TAKEN${unique()}`
    expect((await make({ code })).status).toBe(201)
    expect((await make({ code: code.toLowerCase() })).body.code).toBe('code_taken')
    expect((await make({ code: 'A-1' })).status).toBe(400)
    expect((await make({ code: 'AB' })).status).toBe(400)
    expect((await make({ code: `UP${unique()}`, commission_given_up_percent: 6 })).body.code).toBe('given_up_too_large')
    const other = await seedStore(platform, [{ title: 'Compass', price_minor: 2_000 }])
    const theirs = await make({ code: `THEIRS${unique()}`, link_code: other.link.code })
    expect([theirs.status, theirs.body.code]).toEqual([404, 'link_not_found'])
    expect((await make({ code: `MINE${unique()}`, link_code: store.link.code })).status).toBe(201)

    const linkless = await platform.signIn(userData({ role: 'ambassador' }))
    const none = await linkless.request<{ code: string }>('POST', '/api/ambassador/coupons', {
      code: `NONE${unique()}`,
      discount_percent: 5,
    })
    expect([none.status, none.body.code]).toEqual([409, 'link_required'])
  })

  it('applies on a link’s own checkout page too, crediting the code’s ambassador over the page’s', async () => {
    const { store } = await ambassadorWithLink()
    const { client: bob } = await ambassadorWithLink()
    const code = `BOB${unique()}`
    expect((await bob.request('POST', '/api/ambassador/coupons', { code, discount_percent: 5 })).status).toBe(201)
    const [bobs] = (await bob.get<VanityCode[]>('/api/ambassador/coupons')).body
    const placed = await testClient(platform.app).request<Session>(
      'POST',
      '/api/checkout/orders',
      orderBody(store.link.code, [{ product_id: store.products[0]?.id ?? '', quantity: 1 }], { coupon: code }),
    )
    expect(placed.status).toBe(201)
    const order = await orderOfSession(platform, placed.body.id)
    expect(order).toMatchObject({ code: bobs?.link_code, attributedBy: 'coupon', totalMinor: 9_500 })
  })
})
