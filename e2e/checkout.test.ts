import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../apps/server/src/testing.ts'
import {
  browserTestsEnabled,
  fillShippingForm,
  screenshot,
  seedLink,
  startBrowserPlatform,
} from './browser-platform.ts'

/**
 * The checkout in a real browser (Debian's chromium driven by playwright-core) on a phone-sized screen: a shopper
 * opens an ambassador's link, picks quantities, fills the form, pays on the provider's page and lands on the
 * confirmation.
 */
describe.runIf(browserTestsEnabled)('checkout in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string
  let code: string

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform())
    ;({ code } = await seedLink(platform, [
      { title: 'Kite', description: 'A red box kite that flies in light wind.', price: 15 },
      { title: 'Lamp', description: 'Brass desk lamp.', price: 40 },
    ]))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  it('lets a shopper on a phone order through a link, pay with the test card and see the confirmation', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
    await page.goto(`${baseUrl}/c/${code}`)
    await expect.poll(() => page.getByText("You're shopping via").textContent()).toContain('Ada Lovelace')
    await shot(page, 'checkout-phone')

    await page.getByRole('button', { name: 'One more Kite' }).click() // 1 → 2
    await page.getByRole('button', { name: 'One more Lamp' }).click() // 0 → 1
    await expect.poll(() => page.getByRole('button', { name: /^Pay / }).textContent()).toBe('Pay $70.00')

    await page.getByRole('button', { name: /^Pay / }).click()
    await expect.poll(() => page.getByText('Please enter your first name').isVisible()).toBe(true)
    await shot(page, 'checkout-phone-errors')

    await fillShippingForm(page)
    await page.getByRole('button', { name: 'Pay $70.00' }).click()

    await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//)
    await shot(page, 'payment-page')
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
    await page.getByRole('button', { name: /Pay/ }).click()

    await page.waitForURL(/\/success\?source=/)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 })
      .toBe('Thank you! Your order is confirmed')
    await shot(page, 'success-phone')
    await platform.drain()

    const admin = testClient(platform.app)
    await admin.post('/api/admin/login', TEST_ADMIN)
    const orders = (await admin.get<{ email: string; amount_paid: number }[]>('/api/admin/orders')).body
    expect(orders).toEqual([expect.objectContaining({ email: 'charles@example.com', amount_paid: 70 })])
  })

  it('tells a shopper plainly when a link does not exist', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await page.goto(`${baseUrl}/c/no-such-link`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('This link does not exist')
  })

  it('lays the checkout out in two columns on a desktop screen', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(`${baseUrl}/c/${code}`)
    await expect.poll(() => page.getByRole('heading', { name: 'Summary' }).isVisible()).toBe(true)
    await shot(page, 'checkout-desktop')
    const summary = await page.getByRole('complementary').boundingBox()
    expect(summary?.x ?? 0).toBeGreaterThan(700)
  })
})

function shot(page: Page, name: string) {
  return screenshot(page, name)
}
