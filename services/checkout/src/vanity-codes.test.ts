import type { Coupon, VanityCode } from '@ambassador/contracts/http'
import { newId } from '@ambassador/kit/ids/ids'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { checkoutService } from './index.ts'
import { orderBody, orderOfSession, payWithCard, type SeededStore, seedStore } from './testing/store.ts'

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startTestPlatform([checkoutService], { CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000' })
  admin = await platform.signIn(userData({ role: 'admin' }))
})
afterAll(() => platform?.close())
// Tests that change the admin's limits leave the defaults behind them for the next.
afterEach(() => admin.put('/api/admin/vanity-codes/limits', { max_discount_percent: 10, max_codes_per_ambassador: 3 }))

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
    expect(admins).toMatchObject({
      ambassador_id: store.ambassador.id,
      ambassador_name: 'Ada Lovelace',
      link_code: store.link.code,
      percent: 10,
    })

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

    // Stopped, the code keeps its past use and takes no new order.
    const stopped = await client.request<VanityCode>('DELETE', `/api/ambassador/coupons/${made.body.id}`)
    expect(stopped.body).toMatchObject({ code, active: false, used: 1 })
    const refused = await testClient(platform.app).request<{ code: string }>(
      'POST',
      '/api/checkout/orders',
      orderBody(store.link.code, [{ product_id: store.products[0]?.id ?? '', quantity: 1 }], { coupon: code }),
    )
    expect([refused.status, refused.body.code]).toEqual([400, 'coupon_inactive'])
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

  it('counts for the newest of the ambassador’s links unless the code names one', async () => {
    const ambassador = userData({ role: 'ambassador' })
    const client = await platform.signIn(ambassador)
    // Link ids are uuid v7, as the ambassador service makes them: the newest link has the largest.
    const link = async () => {
      const id = newId()
      const code = `L${unique()}`
      const createdAt = new Date().toISOString()
      await platform.publish('link.created', id, {
        id,
        code,
        user_id: ambassador.id,
        product_ids: [],
        created_at: createdAt,
      })
      return code
    }
    const older = await link()
    const newer = await link()
    const make = (body: Record<string, unknown>) =>
      client.request<VanityCode>('POST', '/api/ambassador/coupons', {
        code: `N${unique()}`,
        discount_percent: 5,
        ...body,
      })
    expect((await make({})).body.link_code).toBe(newer)
    expect((await make({ link_code: older })).body.link_code).toBe(older)
    const unknown = await client.request<{ code: string }>('POST', '/api/ambassador/coupons', {
      code: `U${unique()}`,
      discount_percent: 5,
      link_code: 'nosuchlink',
    })
    expect([unknown.status, unknown.body.code]).toEqual([404, 'link_not_found'])
  })

  it.each([
    ['a code with a dash', { code: 'ADA-10' }, 'invalid_request'],
    ['a code of 21 characters', { code: 'A'.repeat(21) }, 'invalid_request'],
    ['no discount', { discount_percent: 0 }, 'invalid_request'],
    ['a discount of more than 100%', { discount_percent: 101 }, 'invalid_request'],
    ['a discount with three decimals', { discount_percent: 5.555 }, 'invalid_discount'],
    ['a negative part given up', { commission_given_up_percent: -1 }, 'invalid_request'],
    ['a part given up with three decimals', { commission_given_up_percent: 1.115 }, 'invalid_discount'],
    [
      'more given up than the discount',
      { discount_percent: 4, commission_given_up_percent: 4.5 },
      'given_up_too_large',
    ],
    ['a discount above the limit', { discount_percent: 10.01 }, 'discount_too_large'],
  ])('refuses %s with a 400 (%o)', async (_, body, code) => {
    const { client } = await ambassadorWithLink()
    const refused = await client.request<{ code: string; message: string }>('POST', '/api/ambassador/coupons', {
      code: `BAD${unique()}`,
      discount_percent: 5,
      ...body,
    })
    expect([refused.status, refused.body.code]).toEqual([400, code])
    expect(refused.body.message).toBeTruthy()
    expect((await client.get<VanityCode[]>('/api/ambassador/coupons')).body).toEqual([])
  })

  it('keeps codes apart from the store’s coupons: neither may take the other’s code', async () => {
    const { client } = await ambassadorWithLink()
    const storeCode = `STORE${unique()}`
    expect((await admin.post('/api/admin/coupons', { code: storeCode, kind: 'percent', percent: 5 })).status).toBe(201)
    const taken = await client.request<{ code: string }>('POST', '/api/ambassador/coupons', {
      code: storeCode.toLowerCase(),
      discount_percent: 5,
    })
    expect([taken.status, taken.body.code]).toEqual([409, 'code_taken'])
    const vanity = `MINE${unique()}`
    expect((await client.post('/api/ambassador/coupons', { code: vanity, discount_percent: 5 })).status).toBe(201)
    const clash = await admin.post<{ code: string }>('/api/admin/coupons', { code: vanity, kind: 'fixed', amount: 5 })
    expect([clash.status, clash.body.code]).toEqual([409, 'coupon_code_taken'])
  })

  it('shows and stops an ambassador’s codes for them only: another’s is the same 404 as an unknown one', async () => {
    const { client: ada } = await ambassadorWithLink()
    const { client: bob } = await ambassadorWithLink()
    const made = await ada.request<VanityCode>('POST', '/api/ambassador/coupons', {
      code: `ADA${unique()}`,
      discount_percent: 5,
    })
    expect((await bob.get<VanityCode[]>('/api/ambassador/coupons')).body).toEqual([])
    for (const id of [made.body.id, newId(), 'not-an-id']) {
      const refused = await bob.request<{ code: string }>('DELETE', `/api/ambassador/coupons/${id}`)
      expect([refused.status, refused.body.code], id).toEqual([404, 'code_not_found'])
    }
    const [store] = (await admin.get<Coupon[]>('/api/admin/coupons')).body.filter((c) => c.ambassador_id === null)
    if (store) expect((await bob.request('DELETE', `/api/ambassador/coupons/${store.id}`)).status).toBe(404)
    expect((await ada.get<VanityCode[]>('/api/ambassador/coupons')).body).toMatchObject([{ active: true }])
  })

  it('applies the admin’s new limits to new codes while codes already made keep their terms', async () => {
    const { store, client } = await ambassadorWithLink()
    await admin.put('/api/admin/vanity-codes/limits', { max_discount_percent: 20, max_codes_per_ambassador: 3 })
    const generous = await client.request<VanityCode>('POST', '/api/ambassador/coupons', {
      code: `GEN${unique()}`,
      discount_percent: 20,
    })
    expect(generous.status).toBe(201)

    const lowered = await admin.request<{ max_discount_percent: number }>('PUT', '/api/admin/vanity-codes/limits', {
      max_discount_percent: 7.5,
      max_codes_per_ambassador: 0,
    })
    expect(lowered.body).toEqual({ max_discount_percent: 7.5, max_codes_per_ambassador: 0 })
    expect((await admin.get('/api/admin/vanity-codes/limits')).body).toEqual(lowered.body)
    expect((await client.get('/api/ambassador/coupons/limits')).body).toEqual(lowered.body)
    const refused = await client.request<{ code: string; message: string }>('POST', '/api/ambassador/coupons', {
      code: `NEW${unique()}`,
      discount_percent: 8,
    })
    expect([refused.status, refused.body.code]).toEqual([400, 'discount_too_large'])
    expect(refused.body.message).toContain('7.5%')
    const none = await client.request<{ code: string }>('POST', '/api/ambassador/coupons', {
      code: `NEW${unique()}`,
      discount_percent: 5,
    })
    expect([none.status, none.body.code]).toEqual([409, 'too_many_codes'])

    // The 20% code made before still takes 20% off.
    const placed = await testClient(platform.app).request<Session>(
      'POST',
      '/api/checkout/orders',
      orderBody(store.link.code, [{ product_id: store.products[0]?.id ?? '', quantity: 1 }], {
        coupon: generous.body.code,
      }),
    )
    expect(placed.status, placed.text).toBe(201)
    expect(await orderOfSession(platform, placed.body.id)).toMatchObject({ totalMinor: 8_000, attributedBy: 'coupon' })
  })

  it.each([
    { max_discount_percent: 90.01, max_codes_per_ambassador: 3 },
    { max_discount_percent: -1, max_codes_per_ambassador: 3 },
    { max_discount_percent: 10.005, max_codes_per_ambassador: 3 },
    { max_discount_percent: 10, max_codes_per_ambassador: 51 },
    { max_discount_percent: 10, max_codes_per_ambassador: -1 },
    { max_discount_percent: 10, max_codes_per_ambassador: 1.5 },
    { max_discount_percent: 10 },
  ])('refuses limits out of bounds (0 to 90 percent, 0 to 50 codes): %o', async (limits) => {
    const refused = await admin.request<{ message: string }>('PUT', '/api/admin/vanity-codes/limits', limits)
    expect(refused.status).toBe(400)
    expect(refused.body.message).toBeTruthy()
    expect((await admin.get('/api/admin/vanity-codes/limits')).body).toEqual({
      max_discount_percent: 10,
      max_codes_per_ambassador: 3,
    })
  })

  it('lets the admin deactivate, reactivate and delete a vanity code through the coupon routes', async () => {
    const { store, client } = await ambassadorWithLink()
    const made = await client.request<VanityCode>('POST', '/api/ambassador/coupons', {
      code: `ADM${unique()}`,
      discount_percent: 5,
      commission_given_up_percent: 2,
    })
    const off = await admin.request<Coupon>('PATCH', `/api/admin/coupons/${made.body.id}`, { active: false })
    expect(off.status).toBe(200)
    expect(off.body).toMatchObject({
      active: false,
      percent: 5,
      ambassador_id: store.ambassador.id,
      ambassador_name: 'Ada Lovelace',
      link_code: store.link.code,
    })
    expect((await client.get<VanityCode[]>('/api/ambassador/coupons')).body).toMatchObject([
      { id: made.body.id, active: false, commission_given_up_percent: 2, link_code: store.link.code },
    ])
    const on = await admin.request<Coupon>('PATCH', `/api/admin/coupons/${made.body.id}`, { active: true })
    expect(on.body).toMatchObject({ active: true, ambassador_id: store.ambassador.id })
    const placed = await testClient(platform.app).request<Session>(
      'POST',
      '/api/checkout/orders',
      orderBody(store.link.code, [{ product_id: store.products[0]?.id ?? '', quantity: 1 }], {
        coupon: made.body.code,
      }),
    )
    expect(placed.status).toBe(201)
    expect(await orderOfSession(platform, placed.body.id)).toMatchObject({ attributedBy: 'coupon', totalMinor: 9_500 })

    expect((await admin.delete(`/api/admin/coupons/${made.body.id}`)).status).toBe(204)
    expect((await client.get<VanityCode[]>('/api/ambassador/coupons')).body).toEqual([])
  })
})
