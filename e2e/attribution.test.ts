import type { OrderDetail } from '@ambassador/contracts/http'
import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../apps/server/src/testing.ts'
import {
  browserTestsEnabled,
  fillShippingForm,
  kpi,
  screenshot,
  seedLink,
  signInAsAdmin,
  signInAsAmbassador,
  startBrowserPlatform,
} from './browser-platform.ts'

const DAY_MS = 86_400_000
const BOB = { first_name: 'Bob', last_name: 'Babbage', email: 'bob@example.com' }

type Store = { platform: TestPlatform; browser: Browser; baseUrl: string; clock: { offsetMs: number } }
type Links = { ada: { code: string; productIds: string[] }; bob: { code: string; productIds: string[] } }

/** A platform whose clock the test moves, with the given ATTRIBUTION_MODEL, and Ada's and Bob's links. */
async function startStore(model: 'first' | 'last'): Promise<Store & Links> {
  const clock = { offsetMs: 0 }
  const started = await startBrowserPlatform({
    clock: { now: () => new Date(Date.now() + clock.offsetMs) },
    env: { ATTRIBUTION_MODEL: model, ATTRIBUTION_DAYS: '30' },
  })
  const ada = await seedLink(started.platform, [{ title: 'Brass Lantern', description: 'Warm light', price: 40 }])
  const bob = await seedLink(
    started.platform,
    [{ title: 'Pocket Compass', description: 'Points north', price: 25 }],
    BOB,
  )
  return { ...started, clock, ada, bob }
}

/** The store of a describe block: started before its tests, closed after them. */
function withStore(model: 'first' | 'last'): () => Store & Links {
  let store: (Store & Links) | undefined
  beforeAll(async () => {
    store = await startStore(model)
  }, 120_000)
  afterAll(async () => {
    await store?.browser?.close()
    await store?.platform?.close()
  })
  return () => {
    if (!store) throw new Error('the store did not start')
    return store
  }
}

/** An admin signed in on a laptop-sized window. */
async function adminAt(browser: Browser, baseUrl: string): Promise<{ desk: BrowserContext; admin: Page }> {
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const admin = await desk.newPage()
  await admin.goto(`${baseUrl}/admin/login`)
  await signInAsAdmin(admin)
  return { desk, admin }
}

/** A shopper's phone. Its browser says what a phone's says: headless Chromium calls itself a bot, and bots are not counted. */
const PHONE_BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'

async function phone(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    userAgent: PHONE_BROWSER,
  })
  context.setDefaultTimeout(10_000) // a step that hangs says which, before the test's own timeout
  return context
}

/** Puts a Pocket Compass in the cart from the shop's list, waiting until the cart has it. */
async function addCompassToCart(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/shop`)
  const added = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().endsWith('/api/store/cart/lines'),
  )
  await page.getByRole('button', { name: 'Add to cart: Pocket Compass' }).click()
  expect((await added).status()).toBe(200)
}

/** Buys one Pocket Compass from the shop (not from any link's page), paying with a test card. */
async function buyCompassInShop(page: Page, baseUrl: string, email = 'grace@example.com') {
  await addCompassToCart(page, baseUrl)
  await page.goto(`${baseUrl}/cart`)
  await fillShippingForm(page, { 'First name': 'Grace', 'Last name': 'Hopper', Email: email })
  await page.getByRole('button', { name: /^Pay / }).click()
  await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//, { timeout: 15_000 })
  await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
  await page.getByRole('button', { name: /Pay/ }).click()
  await page.waitForURL(/\/success\?source=/, { timeout: 15_000 })
}

/** The newest order, as the admin's order view tells it (who was credited, how, and whether it earned). */
async function newestOrder(platform: TestPlatform): Promise<OrderDetail> {
  await platform.drain()
  const admin = testClient(platform.app)
  await admin.post('/api/admin/login', TEST_ADMIN)
  const [newest] = (await admin.get<{ id: string }[]>('/api/admin/orders')).body
  return (await admin.get<OrderDetail>(`/api/admin/orders/${newest?.id}`)).body
}

async function ambassadorIdOf(platform: TestPlatform, email: string): Promise<string> {
  const admin = testClient(platform.app)
  await admin.post('/api/admin/login', TEST_ADMIN)
  const all = (await admin.get<{ id: string; email: string }[]>('/api/admin/ambassadors')).body
  const found = all.find((user) => user.email === email)
  if (!found) throw new Error(`no ambassador ${email}`)
  return found.id
}

describe.runIf(browserTestsEnabled)('attribution in the browser, last click', () => {
  const storeOf = withStore('last')

  it('counts a link’s click once, shows it in the portal, and credits it for a purchase in the shop a day later', async () => {
    const store = storeOf()
    const { platform, browser, baseUrl } = store
    const shopper = await phone(browser)
    const page = await shopper.newPage()
    await page.goto(`${baseUrl}/c/${store.ada.code}?utm_source=newsletter`)
    await page.getByRole('heading', { name: 'Your order' }).waitFor()
    await page.close() // the shopper leaves

    const portal = await (await phone(browser)).newPage()
    await signInAsAmbassador(portal, baseUrl, 'ada@example.com', 'ambassador-pw')
    await expect
      .poll(
        async () => {
          await portal.goto(`${baseUrl}/ambassador/clicks`)
          return kpi(portal, 'Clicks')
        },
        { timeout: 15_000 },
      )
      .toBe('1')
    expect(await kpi(portal, 'Unique visitors')).toBe('1')
    expect(await portal.getByRole('row', { name: /newsletter/ }).textContent()).toContain('1')
    await screenshot(portal, 'attribution-clicks-portal-phone')

    // A day later the shopper comes back through the shop, not the link, and buys Bob's compass.
    store.clock.offsetMs += DAY_MS
    const back = await shopper.newPage()
    await buyCompassInShop(back, baseUrl)
    const order = await newestOrder(platform)
    expect(order).toMatchObject({
      ambassador_id: await ambassadorIdOf(platform, 'ada@example.com'),
      code: store.ada.code,
      attributed_by: 'last_click',
      ambassador_revenue: 2.5,
      commission_withheld: null,
    })
    expect(order.click_id).toMatch(/^[0-9a-f-]{36}$/)
    // The portal counts the order against the click.
    await expect
      .poll(
        async () => {
          await portal.goto(`${baseUrl}/ambassador/clicks`)
          return kpi(portal, 'Orders')
        },
        { timeout: 15_000 },
      )
      .toBe('1')
    await shopper.close()
  })

  it('credits the last of two ambassadors’ links the shopper opened', async () => {
    const store = storeOf()
    const { platform, browser, baseUrl } = store
    const shopper = await phone(browser)
    const page = await shopper.newPage()
    await page.goto(`${baseUrl}/c/${store.ada.code}`)
    await page.goto(`${baseUrl}/c/${store.bob.code}`)
    await buyCompassInShop(page, baseUrl)
    expect(await newestOrder(platform)).toMatchObject({ code: store.bob.code, attributed_by: 'last_click' })
    await shopper.close()
  })

  it('pays no commission on an order with the ambassador’s own email, and the admin sees why', async () => {
    const store = storeOf()
    const { platform, browser, baseUrl } = store
    const shopper = await phone(browser)
    const page = await shopper.newPage()
    await page.goto(`${baseUrl}/c/${store.bob.code}`)
    await buyCompassInShop(page, baseUrl, 'Bob@Example.com')
    const order = await newestOrder(platform)
    expect(order).toMatchObject({ code: store.bob.code, commission_withheld: 'own_email', ambassador_revenue: 0 })
    await shopper.close()

    const { desk, admin } = await adminAt(browser, baseUrl)
    await admin.goto(`${baseUrl}/admin/orders/${order.id}`)
    const withheld = admin.getByRole('form', { name: 'No commission on this order' })
    await expect
      .poll(() => withheld.textContent(), { timeout: 10_000 })
      .toContain('The ambassador earns nothing: the buyer’s email is the ambassador’s own.')
    await screenshot(admin, 'attribution-own-order-admin')
    await desk.close()
  })

  it('lets the admin set its limit, Ada make ADA10 on her phone, and credits her an order using it with no click', async () => {
    const store = storeOf()
    const { platform, browser, baseUrl } = store
    const { desk, admin } = await adminAt(browser, baseUrl)
    await admin.goto(`${baseUrl}/admin/coupons`)
    await admin.getByLabel('Largest discount, %').fill('12')
    await admin.getByRole('button', { name: 'Save limits' }).click()
    await admin.getByText('Limits for ambassadors’ codes saved').waitFor()
    await screenshot(admin, 'vanity-limits-admin')
    await desk.close()

    const portal = await (await phone(browser)).newPage()
    await signInAsAmbassador(portal, baseUrl, 'ada@example.com', 'ambassador-pw')
    await portal.goto(`${baseUrl}/ambassador/links`)
    await portal.getByLabel('Code (3 to 20 letters or digits)').fill('ada10')
    await portal.getByLabel('Customer discount, % (at most 12)').fill('10')
    await portal.getByLabel('Of it, points from your commission rate').fill('4')
    await portal
      .getByText('Customers get 10% off; your commission rate on those orders is lowered by 4 points.')
      .waitFor()
    await portal.getByRole('button', { name: 'Create the code' }).click()
    const listed = portal.locator('.vanity-codes li', { hasText: 'ADA10' })
    await expect.poll(() => listed.textContent()).toContain('10% off, 4 points from your rate')
    await screenshot(portal, 'vanity-codes-portal-phone')

    // A shopper who never opened a link types the code in the shop's cart.
    const shopper = await phone(browser)
    const page = await shopper.newPage()
    await addCompassToCart(page, baseUrl)
    await page.goto(`${baseUrl}/cart`)
    await page.getByLabel('Coupon code').fill('ADA10')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByRole('button', { name: 'Pay $22.50' }).waitFor()
    await fillShippingForm(page, { 'First name': 'Grace', 'Last name': 'Hopper', Email: 'grace@example.com' })
    await page.getByRole('button', { name: 'Pay $22.50' }).click()
    await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//, { timeout: 15_000 })
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
    await page.getByRole('button', { name: /Pay/ }).click()
    await page.waitForURL(/\/success\?source=/, { timeout: 15_000 })
    expect(await newestOrder(platform)).toMatchObject({
      ambassador_id: await ambassadorIdOf(platform, 'ada@example.com'),
      code: store.ada.code,
      attributed_by: 'coupon',
      click_id: null,
      coupon_code: 'ADA10',
      ambassador_revenue: 1.35, // 10% − 4 points of $22.50
    })
    await shopper.close()

    // The admin sees on a phone whose code it is.
    const adminPhone = await (await phone(browser)).newPage()
    await adminPhone.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(adminPhone)
    await adminPhone.goto(`${baseUrl}/admin/coupons`)
    const row = adminPhone.getByRole('row', { name: /ADA10/ })
    await expect.poll(() => row.textContent()).toContain('Ada Lovelace')
    await screenshot(adminPhone, 'vanity-codes-admin-phone')

    // Ada stops the code once she confirms; its use stays counted.
    await portal.reload()
    portal.once('dialog', (dialog) => dialog.accept())
    await portal.getByRole('button', { name: 'Stop ADA10' }).click()
    await expect.poll(() => listed.textContent()).toContain('used 1 time · stopped')
    await screenshot(portal, 'vanity-codes-stopped-portal-phone')
  })
})

describe.runIf(browserTestsEnabled)('attribution in the browser, first click', () => {
  const storeOf = withStore('first')

  it('credits the first of two ambassadors’ links the shopper opened, even bought on the second one’s page', async () => {
    const store = storeOf()
    const { platform, browser, baseUrl } = store
    const shopper = await phone(browser)
    const page = await shopper.newPage()
    await page.goto(`${baseUrl}/c/${store.ada.code}`)
    store.clock.offsetMs += DAY_MS
    await page.goto(`${baseUrl}/c/${store.bob.code}`)
    await buyCompassInShop(page, baseUrl)
    expect(await newestOrder(platform)).toMatchObject({ code: store.ada.code, attributed_by: 'first_click' })
    await shopper.close()
  })
})
