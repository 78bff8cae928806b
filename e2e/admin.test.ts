import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../apps/server/src/testing.ts'
import {
  browserTestsEnabled,
  payOrder,
  screenshot,
  seedLink,
  signInAsAdmin,
  startBrowserPlatform,
} from './browser-platform.ts'

/** The admin panel in a real browser: run the catalog, and see the orders, ambassadors and mail. */
describe.runIf(browserTestsEnabled)('the admin panel in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform())
    await placeOneOrder(platform, browser, baseUrl)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  it('lets an admin add, change and delete a product, and shows the orders, ambassadors and emails', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('dialog', (dialog) => void dialog.accept())
    await page.goto(`${baseUrl}/admin`)
    await page.waitForURL(/\/admin\/login$/)
    await signInAsAdmin(page)
    await expect.poll(() => page.locator('.kpi strong').first().textContent()).toBe('1')
    // The charts read the analytics service: the two kites sold today, and Ada's sign-up.
    const chart = (name: RegExp) => page.getByRole('img', { name })
    await expect.poll(() => chart(/^Net revenue, last 30 days: highest \$30\.00 on /).count()).toBe(1)
    await expect.poll(() => chart(/^Sign-ups, last 30 days: highest \d+ accounts? on /).count()).toBe(1)
    // The funnels: Ada's link was opened once, and that visit ordered the two kites.
    const funnel = page.getByRole('row', { name: /Ada Lovelace/ }).getByRole('cell')
    await expect
      .poll(() => funnel.allTextContents())
      .toEqual(['Ada Lovelace1 link', '1', '1', '100%', '$30.00', '$3.00'])
    await screenshot(page, 'admin-dashboard')
    await page.setViewportSize({ width: 390, height: 844 })
    await screenshot(page, 'admin-dashboard-phone')
    await page.setViewportSize({ width: 1280, height: 900 })

    await page.getByRole('link', { name: 'Products' }).click()
    await page.getByRole('button', { name: 'Add product' }).click()
    await page.getByLabel('Title').fill('Garden Gnome')
    await page.getByLabel('Description').fill('Guards your tulips.')
    await page.getByLabel('Price (USD)').fill('19.999')
    await page.getByRole('button', { name: 'Save product' }).click()
    await expect.poll(() => page.getByText('Enter a price like 19.99 (at most 2 decimals)').isVisible()).toBe(true)
    await page.getByLabel('Price (USD)').fill('19.99')
    await screenshot(page, 'admin-product-form')
    await page.getByRole('button', { name: 'Save product' }).click()
    await expect.poll(() => page.getByRole('row', { name: /Garden Gnome/ }).textContent()).toContain('$19.99')
    await screenshot(page, 'admin-products')

    await page
      .getByRole('row', { name: /Garden Gnome/ })
      .getByRole('button', { name: 'Edit' })
      .click()
    // Opening another product's form while one is open shows that product, not the first one's values.
    await page.getByRole('row', { name: /Kite/ }).getByRole('button', { name: 'Edit' }).click()
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('Kite')
    await page
      .getByRole('row', { name: /Garden Gnome/ })
      .getByRole('button', { name: 'Edit' })
      .click()
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('Garden Gnome')
    await page.getByLabel('Price (USD)').fill('24.50')
    await page.getByRole('button', { name: 'Save product' }).click()
    await expect.poll(() => page.getByRole('row', { name: /Garden Gnome/ }).textContent()).toContain('$24.50')
    await page
      .getByRole('row', { name: /Garden Gnome/ })
      .getByRole('button', { name: 'Delete' })
      .click()
    await expect.poll(() => page.getByRole('row', { name: /Garden Gnome/ }).count()).toBe(0)

    await page.getByRole('link', { name: 'Orders' }).click()
    await expect.poll(() => page.locator('tbody').textContent()).toContain('charles@example.com')
    await screenshot(page, 'admin-orders')

    // A refund of one of the two kites: the order shows it, and the ambassador's commission on it is taken back.
    await page.locator('tbody').getByRole('link', { name: 'Charles Babbage' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Order for Charles Babbage')
    await page.getByLabel('Units of Kite to refund (of 2)').fill('1')
    await page.getByRole('button', { name: 'Refund', exact: true }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Refunded $15.00')
    await expect.poll(() => page.locator('.kpi', { hasText: 'Refunded' }).textContent()).toContain('$15.00')
    await expect.poll(() => page.locator('.kpi', { hasText: 'Commission' }).textContent()).toContain('$1.50')
    await expect.poll(() => page.getByRole('table', { name: /Payment log/ }).textContent()).toContain('refunds.create')
    await screenshot(page, 'admin-order-refunded')
    await page.getByRole('link', { name: '← All orders' }).click()
    await expect.poll(() => page.locator('tbody').textContent()).toContain('$15.00 refunded')

    await page.getByRole('link', { name: 'Ambassadors' }).click()
    await expect.poll(() => page.locator('tbody').textContent()).toContain('ada@example.com')
    await page.locator('tbody').getByRole('link').first().click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Ada /)
    await expect.poll(() => page.getByText('ada@example.com').isVisible()).toBe(true)
    await screenshot(page, 'admin-ambassador')
    await page.getByRole('link', { name: 'Emails' }).click()
    await expect.poll(() => page.locator('tbody').textContent()).toContain('You earned')
    await screenshot(page, 'admin-emails')
  })

  it('sends an admin whose session ended to sign in again, and back to the page they were on', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await page.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(page)
    await page.context().clearCookies() // the session ends (it expired, or they signed out in another tab)
    await page.getByRole('link', { name: 'Ambassadors' }).click()
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fambassadors$/)
    await page.getByLabel('Email').fill(TEST_ADMIN.email)
    await page.getByLabel('Password').fill(TEST_ADMIN.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/admin\/ambassadors$/)
    await expect.poll(() => page.locator('tbody').textContent()).toContain('ada@example.com')
  })
})

/** One paid order of two kites through Ada's link. */
/** A desktop browser as it names itself (headless Chromium calls itself a bot, and bots' visits are not clicks). */
const DESKTOP_BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

async function placeOneOrder(platform: TestPlatform, browser: Browser, baseUrl: string) {
  const { code, productIds } = await seedLink(platform, [{ title: 'Kite', description: 'Red', price: 15 }])
  const shopper = await browser.newContext({ userAgent: DESKTOP_BROWSER })
  await (await shopper.newPage()).goto(`${baseUrl}/c/${code}`)
  await shopper.close()
  await payOrder(platform, code, productIds[0] ?? '', 2)
}
