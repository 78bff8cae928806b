import type { SavedAddress, ShopperOrder } from '@ambassador/contracts/http'
import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserTestsEnabled, screenshot, seedLink, startBrowserPlatform } from './browser-platform.ts'

/**
 * A shopper's saved addresses in a real browser, on a phone: kept and made default in the account, filled in at the
 * cart's checkout, and saved from the link checkout with a tick.
 */
describe.runIf(browserTestsEnabled)('saved addresses in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string
  let code: string
  let productIds: string[]

  const shopper = { email: 'ruth@example.com', password: 'shopper-password' }

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform())
    ;({ code, productIds } = await seedLink(platform, [
      { title: 'Field Notebook', description: 'Ninety-six dotted pages', price: 12 },
      { title: 'Fountain Pen', description: 'A steel nib', price: 48 },
    ]))
    const registered = await testClient(platform.app).post('/api/store/register', {
      first_name: 'Ruth',
      last_name: 'Teitelbaum',
      email: shopper.email,
      password: shopper.password,
      password_confirm: shopper.password,
    })
    expect(registered.status, registered.text).toBe(201)
    await platform.drain()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  const phone = () => browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  /**
   * A phone whose browser holds the shopper's session, signed in through the API as the sign-in page would: the
   * browser's own request, so it keeps the cookies the server sets (the session and its signed-in hint).
   */
  async function signedInPhone(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const login = await context.request.post(`${baseUrl}/api/store/login`, { data: shopper })
    expect(login.status()).toBe(200)
    return context.newPage()
  }

  async function addAddress(page: Page, fields: Record<string, string>) {
    await page.getByRole('button', { name: 'Add an address' }).click()
    const form = page.getByRole('form', { name: 'New address' })
    for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value)
    await form.getByRole('button', { name: 'Save address' }).click()
    await expect.poll(() => page.getByText('Address added').isVisible()).toBe(true)
  }

  /** Pays on the test provider's page and waits for the confirmation. */
  async function payOnProviderPage(page: Page) {
    await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//, { timeout: 15_000 })
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
    await page.getByRole('button', { name: /Pay/ }).click()
    await page.waitForURL(/\/success\?source=/, { timeout: 15_000 })
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe('Thank you! Your order is confirmed')
  }

  const streetsOnPage = (page: Page) =>
    page.locator('.address-list li').evaluateAll((items) =>
      items.map((item) => ({
        street: item.querySelector('.address-text')?.textContent ?? '',
        isDefault: item.textContent?.includes('Default address') ?? false,
      })),
    )

  it('a shopper keeps two addresses on a phone, makes the second the default, and finds it filled in at the cart’s checkout', async () => {
    const page = await signedInPhone()
    page.on('dialog', (dialog) => void dialog.accept())
    await page.goto(`${baseUrl}/account/addresses`)
    await expect.poll(() => page.getByRole('heading', { name: 'Your addresses' }).isVisible()).toBe(true)
    await expect.poll(() => page.getByText('No saved addresses yet.').isVisible()).toBe(true)
    await screenshot(page, 'addresses-empty')

    await addAddress(page, {
      'First name': 'Ruth',
      'Last name': 'Teitelbaum',
      Address: '12 Moore School Rd',
      City: 'Philadelphia',
      'ZIP / postal code': '19104',
      Country: 'USA',
    })
    // The form says what is missing before anything is sent.
    await page.getByRole('button', { name: 'Add an address' }).click()
    await page.getByRole('button', { name: 'Save address' }).click()
    await expect.poll(() => page.getByText('Please enter your city').isVisible()).toBe(true)
    await screenshot(page, 'addresses-form-errors')
    await page.getByRole('button', { name: 'Cancel' }).click()
    await addAddress(page, {
      'First name': 'Ruth',
      'Last name': 'Lichterman',
      Address: '4 Aberdeen Proving Ground',
      City: 'Aberdeen',
      'ZIP / postal code': '21005',
      Country: 'USA',
    })
    await expect
      .poll(() => streetsOnPage(page))
      .toEqual([
        { street: expect.stringContaining('12 Moore School Rd'), isDefault: true },
        { street: expect.stringContaining('4 Aberdeen Proving Ground'), isDefault: false },
      ])
    await screenshot(page, 'addresses-two')

    await page
      .getByRole('listitem')
      .filter({ hasText: '4 Aberdeen Proving Ground' })
      .getByRole('button', { name: 'Make default' })
      .click()
    await expect
      .poll(() => streetsOnPage(page))
      .toEqual([
        { street: expect.stringContaining('4 Aberdeen Proving Ground'), isDefault: true },
        { street: expect.stringContaining('12 Moore School Rd'), isDefault: false },
      ])
    await screenshot(page, 'addresses-new-default')

    // An edit keeps the address where it is and changes what it says.
    await page
      .getByRole('listitem')
      .filter({ hasText: '12 Moore School Rd' })
      .getByRole('button', { name: 'Edit' })
      .click()
    await page.getByRole('form', { name: 'Edit address' }).getByLabel('ZIP / postal code').fill('19104-6314')
    await page.getByRole('button', { name: 'Save address' }).click()
    await expect.poll(() => page.getByText('Address saved').isVisible()).toBe(true)
    await expect.poll(() => page.locator('.address-list').textContent()).toContain('19104-6314 Philadelphia')

    // The cart's checkout is filled with the shopper's email and the default address.
    const added = await page.request.post(`${baseUrl}/api/store/cart/lines`, {
      data: { product_id: productIds[0], quantity: 2 },
    })
    expect(added.status()).toBe(200)
    await page.goto(`${baseUrl}/cart`)
    await expect.poll(() => page.getByLabel('Address', { exact: true }).inputValue()).toBe('4 Aberdeen Proving Ground')
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(shopper.email)
    expect(await page.getByLabel('Last name', { exact: true }).inputValue()).toBe('Lichterman')
    expect(await page.getByLabel('ZIP / postal code').inputValue()).toBe('21005')
    const shipTo = page.getByLabel('Ship to')
    expect(await shipTo.locator('option:checked').textContent()).toContain('4 Aberdeen Proving Ground')
    // Nothing new to save: the form holds a saved address.
    expect(await page.getByLabel('Save this address to my account').count()).toBe(0)
    await screenshot(page, 'addresses-cart-prefilled')

    await page.getByRole('button', { name: /^Pay / }).click()
    await payOnProviderPage(page)
    await platform.drain()
    const orders = await page.request.get(`${baseUrl}/api/store/orders`)
    const [placed] = (await orders.json()) as { id: string }[]
    const order = (await (await page.request.get(`${baseUrl}/api/store/orders/${placed?.id}`)).json()) as ShopperOrder
    expect(order.shipping).toEqual({
      name: 'Ruth Lichterman',
      address: '4 Aberdeen Proving Ground',
      city: 'Aberdeen',
      zip: '21005',
      country: 'USA',
    })
    await page.close()
  }, 180_000)

  it('a shopper picks a new address at a link’s checkout and saves it to the account with a tick', async () => {
    const page = await signedInPhone()
    await page.goto(`${baseUrl}/c/${code}`)
    await expect.poll(() => page.getByLabel('Address', { exact: true }).inputValue()).toBe('4 Aberdeen Proving Ground')
    await page.getByLabel('Ship to').selectOption({ label: 'A new address' })
    expect(await page.getByLabel('Address', { exact: true }).inputValue()).toBe('')
    expect(await page.getByLabel('First name', { exact: true }).inputValue()).toBe('Ruth')
    await page.getByLabel('Address', { exact: true }).fill('1 Penn Square')
    await page.getByLabel('City', { exact: true }).fill('Philadelphia')
    await page.getByLabel('ZIP / postal code').fill('19107')
    await page.getByLabel('Country', { exact: true }).fill('USA')
    await page.getByLabel('Save this address to my account').check()
    await screenshot(page, 'addresses-link-checkout-save')
    await page.getByRole('button', { name: /^Pay / }).click()
    await payOnProviderPage(page)

    const saved = (await (await page.request.get(`${baseUrl}/api/store/addresses`)).json()) as SavedAddress[]
    expect(saved.map((a) => [a.address, a.is_default])).toEqual([
      ['4 Aberdeen Proving Ground', true],
      ['1 Penn Square', false],
      ['12 Moore School Rd', false],
    ])
    await page.goto(`${baseUrl}/account/addresses`)
    await expect.poll(() => page.locator('.address-list').textContent()).toContain('1 Penn Square')
    await page.close()
  }, 120_000)

  it('a guest sees the plain form at checkout, with nothing to pick or save — and no request asks who they are', async () => {
    const page = await phone()
    const asked: string[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/store/')) asked.push(new URL(request.url()).pathname)
    })
    await page.goto(`${baseUrl}/c/${code}`)
    await expect.poll(() => page.getByRole('heading', { name: 'Your order' }).isVisible()).toBe(true)
    // Nobody signed in on this browser (no "signed in" hint cookie): the checkout spares itself the 401.
    await page.waitForLoadState('networkidle')
    expect(asked.filter((path) => path === '/api/store/user' || path === '/api/store/addresses')).toEqual([])
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('')
    expect(await page.getByLabel('Ship to').count()).toBe(0)
    expect(await page.getByLabel('Save this address to my account').count()).toBe(0)
    await screenshot(page, 'addresses-guest-checkout')
    await page.close()
  }, 60_000)
})
