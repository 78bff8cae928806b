import { randomUUID } from 'node:crypto'
import type { OrderDetail } from '@ambassador/contracts/http'
import { formatReferralCookie, REFERRAL_COOKIE } from '@ambassador/contracts/referral'
import { newId } from '@ambassador/kit/ids/ids'
import { userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addressKeyOf, emailKeyOf } from './attribution.ts'
import { checkoutService } from './index.ts'
import { coupons } from './schema.ts'
import {
  checkoutDb,
  completedEvents,
  orderBody,
  orderOfSession,
  payWithCard,
  type SeededStore,
  seedStore,
} from './testing/store.ts'

const DAY_MS = 86_400_000
const now = new Date('2026-09-01T10:00:00.000Z')
const clock = { now: () => new Date(now) }
let platform: TestPlatform
let firstPlatform: TestPlatform
let ada: SeededStore
let bob: SeededStore
let admin: TestClient

beforeAll(async () => {
  const env = { CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000', ATTRIBUTION_DAYS: '30' }
  platform = await startTestPlatform([checkoutService], env, { clock })
  firstPlatform = await startTestPlatform([checkoutService], { ...env, ATTRIBUTION_MODEL: 'first' }, { clock })
  ada = await seedStore(platform, [{ title: 'Lantern', price_minor: 10_000 }])
  bob = await seedStore(platform, [{ title: 'Compass', price_minor: 5_000 }])
  admin = await platform.signIn(userData({ role: 'admin' }))
})
afterAll(async () => {
  await platform?.close()
  await firstPlatform?.close()
})

type Session = { id: string; url: string }

/** A shopper's browser holding the referral cookie of `store`'s link, clicked `daysAgo` days ago. */
function browserReferredBy(store: SeededStore, daysAgo: number, clickId: string = randomUUID()) {
  const client = testClient(platform.app)
  const clickedAt = new Date(now.getTime() - daysAgo * DAY_MS)
  client.setCookie(REFERRAL_COOKIE, formatReferralCookie({ code: store.link.code, clickId, clickedAt }))
  return { client, clickId }
}

const customer = {
  first_name: 'Grace',
  last_name: 'Hopper',
  email: 'grace@example.com',
  address: '1 Harbour St',
  country: 'USA',
  city: 'Arlington',
  zip: '22201',
}

/** Buys one of `store`'s first product from the shop's cart, and pays. */
async function buyFromCart(client: TestClient, store: SeededStore, email = 'grace@example.com') {
  await client.post('/api/store/cart/lines', { product_id: store.products[0]?.id, quantity: 1 })
  const placed = await client.request<Session>('POST', '/api/store/cart/checkout', { ...customer, email })
  expect(placed.status).toBe(201)
  await payWithCard(platform, placed.body.url, '4242424242424242')
  return orderOfSession(platform, placed.body.id)
}

describe('crediting an order through the referral cookie', () => {
  it('credits the ambassador whose link the shopper opened days before buying from the shop, and names the click', async () => {
    const { client, clickId } = browserReferredBy(ada, 3)
    const order = await buyFromCart(client, bob) // Bob's product, bought in the shop: Ada's click still counts
    expect(order).toMatchObject({ ambassadorId: ada.ambassador.id, linkId: ada.link.id, attributedBy: 'last_click' })
    expect(order.clickId).toBe(clickId)
    expect(order.ambassadorRevenueMinor).toBe(500) // 10% of $50.00
    const [completed] = await completedEvents(platform, order.id)
    expect(completed).toMatchObject({ code: ada.link.code, click_id: clickId, attributed_by: 'last_click' })
  })

  it('credits nobody once the click is older than ATTRIBUTION_DAYS', async () => {
    const { client } = browserReferredBy(ada, 31)
    const order = await buyFromCart(client, bob)
    expect(order).toMatchObject({ ambassadorId: null, attributedBy: null, clickId: null })
  })

  it('lets the cookie’s click win over the link page the order is placed on, and names the store’s model', async () => {
    const { client, clickId } = browserReferredBy(ada, 1)
    const body = orderBody(bob.link.code, [{ product_id: bob.products[0]?.id ?? '', quantity: 1 }])
    const placed = await client.request<Session>('POST', '/api/checkout/orders', body)
    expect(placed.status).toBe(201)
    expect(await orderOfSession(platform, placed.body.id)).toMatchObject({
      ambassadorId: ada.ambassador.id,
      clickId,
      attributedBy: 'last_click',
    })

    const other = testClient(firstPlatform.app)
    const firstAda = await seedStore(firstPlatform, [{ title: 'Lantern', price_minor: 10_000 }])
    const firstBob = await seedStore(firstPlatform, [{ title: 'Compass', price_minor: 5_000 }])
    other.setCookie(
      REFERRAL_COOKIE,
      formatReferralCookie({ code: firstAda.link.code, clickId, clickedAt: new Date(now.getTime() - DAY_MS) }),
    )
    const onBobs = await other.request<Session>(
      'POST',
      '/api/checkout/orders',
      orderBody(firstBob.link.code, [{ product_id: firstBob.products[0]?.id ?? '', quantity: 1 }]),
    )
    expect(await orderOfSession(firstPlatform, onBobs.body.id)).toMatchObject({
      ambassadorId: firstAda.ambassador.id,
      attributedBy: 'first_click',
    })
  })

  it('keeps crediting the link page for a client without the cookie, and ignores a cookie naming no link', async () => {
    const client = testClient(platform.app)
    client.setCookie(REFERRAL_COOKIE, `nosuchcode.${randomUUID()}.${Math.floor(now.getTime() / 1000)}`)
    const body = orderBody(bob.link.code, [{ product_id: bob.products[0]?.id ?? '', quantity: 1 }])
    const placed = await client.request<Session>('POST', '/api/checkout/orders', body)
    expect(await orderOfSession(platform, placed.body.id)).toMatchObject({
      ambassadorId: bob.ambassador.id,
      attributedBy: 'link',
      clickId: null,
    })
    client.setCookie(REFERRAL_COOKIE, 'not a referral')
    const again = await client.request<Session>('POST', '/api/checkout/orders', body)
    expect((await orderOfSession(platform, again.body.id)).attributedBy).toBe('link')
  })
})

describe('an ambassador’s vanity code', () => {
  async function vanityCode(store: SeededStore, percent: number, givenUpPercent: number) {
    const code = `ADA${randomUUID().slice(0, 6).toUpperCase()}`
    await checkoutDb(platform)
      .insert(coupons)
      .values({
        id: newId(),
        code,
        kind: 'percent',
        percentBasisPoints: percent * 100,
        currency: 'USD',
        ambassadorId: store.ambassador.id,
        linkId: store.link.id,
        commissionGivenUpBasisPoints: givenUpPercent * 100,
        createdAt: now.toISOString(),
      })
    return code
  }

  it('credits its ambassador without any click, and lowers their rate by what they gave up', async () => {
    const code = await vanityCode(ada, 10, 4)
    const client = testClient(platform.app)
    await client.post('/api/store/cart/lines', { product_id: ada.products[0]?.id, quantity: 1 })
    await client.put('/api/store/cart/coupon', { code })
    const order = await buyFromCart(client, bob) // + a $50 compass: $150 - 10% = $135
    expect(order).toMatchObject({ ambassadorId: ada.ambassador.id, attributedBy: 'coupon', totalMinor: 13_500 })
    expect(order.ambassadorRevenueMinor).toBe(810) // 6% of $135.00
    const [completed] = await completedEvents(platform, order.id)
    expect(completed?.items.map((item) => item.commission_rate_basis_points)).toEqual([600, 600])
    expect(completed?.items[0]?.commission_rule_detail).toMatchObject({
      rate_before_basis_points: 1000,
      given_up_basis_points: 400,
    })
  })

  it('wins over another ambassador’s referral cookie', async () => {
    const code = await vanityCode(ada, 5, 0)
    const { client } = browserReferredBy(bob, 1)
    await client.post('/api/store/cart/lines', { product_id: bob.products[0]?.id, quantity: 1 })
    await client.put('/api/store/cart/coupon', { code })
    const order = await buyFromCart(client, bob)
    expect(order).toMatchObject({ ambassadorId: ada.ambassador.id, attributedBy: 'coupon', clickId: null })
  })
})

describe('an ambassador’s own order', () => {
  it('earns no commission when the buyer’s email is the ambassador’s, however it is written, and the admin sees why', async () => {
    const [name, domain] = ada.ambassador.email.split('@')
    const { client } = browserReferredBy(ada, 0)
    const order = await buyFromCart(client, ada, `${name?.toUpperCase()}+gifts@${domain}`)
    expect(order).toMatchObject({ ambassadorId: ada.ambassador.id, commissionWithheld: 'own_email' })
    expect(order.ambassadorRevenueMinor).toBe(0)
    expect(order.adminRevenueMinor).toBe(10_000)
    const detail = (await admin.get<OrderDetail>(`/api/admin/orders/${order.id}`)).body
    expect(detail).toMatchObject({
      commission_withheld: 'own_email',
      ambassador_revenue: 0,
      attributed_by: 'last_click',
    })
    const [completed] = await completedEvents(platform, order.id)
    expect(completed).toMatchObject({ commission_withheld: 'own_email', ambassador_revenue_minor: 0 })
    expect(completed?.items[0]).toMatchObject({
      commission_rate_basis_points: 0,
      commission_rule: 'withheld',
      commission_rule_detail: { reason: 'own_email' },
    })
  })

  it('earns nothing when shipped to an address the ambassador used for themselves, under any other email', async () => {
    const [name, domain] = ada.ambassador.email.split('@')
    const own = testClient(platform.app)
    const body = orderBody(ada.link.code, [{ product_id: ada.products[0]?.id ?? '', quantity: 1 }], {
      email: `${name}@${domain}`,
      address: '12 Analytical Row',
      zip: 'W1 4AA',
    })
    await own.request<Session>('POST', '/api/checkout/orders', body)
    const disguised = await own.request<Session>('POST', '/api/checkout/orders', {
      ...body,
      email: 'not-ada@example.com',
      address: '12, analytical row',
      zip: 'w14aa',
    })
    expect((await orderOfSession(platform, disguised.body.id)).commissionWithheld).toBe('own_address')
    const stranger = await own.request<Session>('POST', '/api/checkout/orders', {
      ...body,
      email: 'stranger@example.com',
      address: '13 Analytical Row',
    })
    expect((await orderOfSession(platform, stranger.body.id)).commissionWithheld).toBeNull()
  })

  it('earns nothing when paid with a card the ambassador paid one of their own orders with', async () => {
    const cara = await seedStore(platform, [{ title: 'Kettle', price_minor: 3_000 }])
    const onCarasLink = (email: string, address: string) =>
      testClient(platform.app).request<Session>(
        'POST',
        '/api/checkout/orders',
        orderBody(cara.link.code, [{ product_id: cara.products[0]?.id ?? '', quantity: 1 }], { email, address }),
      )
    const paid = async (placed: Awaited<ReturnType<typeof onCarasLink>>, card: string) => {
      await payWithCard(platform, placed.body.url, card)
      return orderOfSession(platform, placed.body.id)
    }
    const own = await paid(await onCarasLink(cara.ambassador.email, '1 Own Street'), '5555555555554444')
    expect(own.commissionWithheld).toBe('own_email')
    const sameCard = await paid(await onCarasLink('friend@example.com', '2 Other Road'), '5555 5555 5555 4444')
    expect(sameCard).toMatchObject({
      commissionWithheld: 'own_card',
      ambassadorRevenueMinor: 0,
      adminRevenueMinor: 3_000,
    })
    const [completed] = await completedEvents(platform, sameCard.id)
    expect(completed).toMatchObject({ commission_withheld: 'own_card', ambassador_revenue_minor: 0 })
    expect(completed?.items[0]).toMatchObject({ ambassador_revenue_minor: 0, commission_rule: 'withheld' })
    const otherCard = await paid(await onCarasLink('friend@example.com', '2 Other Road'), '4000056655665556')
    expect(otherCard).toMatchObject({ commissionWithheld: null, ambassadorRevenueMinor: 300 })
  })

  it('earns nothing when the ambassador is signed in as the buyer', async () => {
    const signedIn = await platform.signIn(ada.ambassador)
    const body = orderBody(ada.link.code, [{ product_id: ada.products[0]?.id ?? '', quantity: 1 }], {
      email: 'someone-else@example.com',
      address: '99 Elsewhere Lane',
    })
    const placed = await signedIn.request<Session>('POST', '/api/checkout/orders', body)
    expect(placed.status).toBe(201)
    expect((await orderOfSession(platform, placed.body.id)).commissionWithheld).toBe('own_account')
  })
})

describe('keys that recognise the same person', () => {
  it('matches one mailbox however its address is written, and no other', () => {
    expect(emailKeyOf('Ada.Lovelace+shop@GoogleMail.com')).toBe(emailKeyOf('adalovelace@gmail.com'))
    expect(emailKeyOf(' ADA@example.com ')).toBe(emailKeyOf('ada+news@example.com'))
    expect(emailKeyOf('a.da@example.com')).not.toBe(emailKeyOf('ada@example.com'))
    expect(emailKeyOf('ada@example.com')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('matches one address however it is punctuated', () => {
    const key = addressKeyOf({ address: '12 Analytical Row', zip: 'W1 4AA', country: 'United Kingdom' })
    expect(addressKeyOf({ address: '12, analytical row.', zip: 'w14aa', country: 'united kingdom' })).toBe(key)
    expect(addressKeyOf({ address: '13 Analytical Row', zip: 'W1 4AA', country: 'United Kingdom' })).not.toBe(key)
  })
})
