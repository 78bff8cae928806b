import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../apps/server/src/testing.ts'
import {
  browserTestsEnabled,
  demoImage,
  fillShippingForm,
  screenshot,
  startBrowserPlatform,
} from './browser-platform.ts'

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }

/**
 * The whole product through its three areas, each person in their own browser on a 390 px phone screen: the
 * admin adds a product; an ambassador signs up, links it and copies the link; a customer opens it, orders and
 * pays with the test card; the ambassador sees the commission in stats and rankings; the admin sees the order,
 * the ambassador behind it and the mail that went out. Every page it passes is saved as a screenshot.
 */
describe.runIf(browserTestsEnabled)('the journey across admin, ambassador and customer', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform())
  }, 120_000)

  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await platform?.close()
  })

  async function phone(options: { clipboard?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext(PHONE)
    if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl })
    contexts.push(context)
    return context.newPage()
  }

  const visible = (page: Page, text: string | RegExp) =>
    expect.poll(() => page.getByText(text).first().isVisible(), { timeout: 10_000 }).toBe(true)

  it('takes a product from the admin, through an ambassador link, to a paid order everyone sees', async () => {
    // The admin adds a product.
    const admin = await phone()
    await admin.goto(`${baseUrl}/admin`)
    await admin.waitForURL(/\/admin\/login$/)
    await screenshot(admin, 'journey-01-admin-login')
    await admin.getByLabel('Email').fill(TEST_ADMIN.email)
    await admin.getByLabel('Password').fill(TEST_ADMIN.password)
    await admin.getByRole('button', { name: 'Sign in' }).click()
    await visible(admin, 'No orders yet.')
    await screenshot(admin, 'journey-02-admin-dashboard-empty')
    await admin.getByRole('link', { name: 'Products' }).click()
    await admin.getByRole('button', { name: 'Add product' }).click()
    await admin.getByLabel('Title').fill('Trail Mug')
    await admin.getByLabel('Description').fill('Enamel mug that survives any campfire.')
    await admin.getByLabel('Price (USD)').fill('12.50')
    await admin.getByLabel('Image URL').fill(demoImage(platform, 'Trail Mug'))
    await expect
      .poll(() =>
        admin.getByAltText('Preview of the product').evaluate((img) => (img as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0)
    await admin.getByRole('button', { name: 'Save product' }).click()
    await visible(admin, 'Added “Trail Mug”')
    await screenshot(admin, 'journey-03-admin-product-added')
    await platform.drain()

    // An ambassador signs up, links the product and copies the link.
    const ambassador = await phone({ clipboard: true })
    await ambassador.goto(`${baseUrl}/ambassador/register`)
    await screenshot(ambassador, 'journey-04-ambassador-register')
    await ambassador.getByLabel('First name').fill('Grace')
    await ambassador.getByLabel('Last name').fill('Hopper')
    await ambassador.getByLabel('Email').fill('grace@example.com')
    await ambassador.getByLabel('Password', { exact: true }).fill('compilers-rule')
    await ambassador.getByLabel('Repeat password').fill('compilers-rule')
    await ambassador.getByRole('button', { name: 'Create account' }).click()
    await ambassador.getByLabel('Search products').fill('trail')
    await ambassador.getByLabel(/Trail Mug/).check()
    await screenshot(ambassador, 'journey-05-ambassador-products')
    await ambassador.getByRole('button', { name: 'Create link' }).click()
    await visible(ambassador, 'Your link is ready.')
    await ambassador.getByRole('button', { name: 'Copy link' }).click()
    await visible(ambassador, 'Copied')
    const linkUrl = await ambassador.evaluate<string>('navigator.clipboard.readText()')
    expect(linkUrl).toMatch(new RegExp(`^${baseUrl}/c/\\w+$`))
    await screenshot(ambassador, 'journey-06-ambassador-link-created')
    await platform.drain()

    // A customer opens the link on their phone, orders two mugs and pays with the test card.
    const customer = await phone()
    await customer.goto(linkUrl)
    await visible(customer, 'Grace Hopper')
    await customer.getByRole('button', { name: 'One more Trail Mug' }).click()
    await expect.poll(() => customer.getByRole('button', { name: /^Pay / }).textContent()).toBe('Pay $25.00')
    await fillShippingForm(customer)
    await screenshot(customer, 'journey-07-customer-checkout')
    // The pay bar stays on screen while the shopper is still among the products at the top.
    await customer.evaluate('window.scrollTo(0, 0)')
    const payButton = customer.getByRole('button', { name: 'Pay $25.00' })
    const box = await payButton.boundingBox()
    expect(box && box.y + box.height).toBeLessThanOrEqual(PHONE.viewport.height)
    await payButton.click()
    await customer.waitForURL(/\/api\/checkout\/test-provider\/sessions\//)
    await screenshot(customer, 'journey-08-customer-payment')
    await customer.getByLabel(/card number/i).fill('4242 4242 4242 4242')
    await customer.getByRole('button', { name: /Pay/ }).click()
    await customer.waitForURL(/\/success\?source=/)
    await visible(customer, 'Thank you! Your order is confirmed')
    await visible(customer, 'A receipt is on its way to charles@example.com.')
    await visible(customer, "Back to Grace Hopper's picks")
    await screenshot(customer, 'journey-09-customer-success')
    await platform.drain()

    // The ambassador sees the 10% commission in the header, in their link's stats and in the rankings.
    await ambassador.goto(`${baseUrl}/ambassador/links`)
    await expect.poll(() => ambassador.locator('.earnings strong').textContent(), { timeout: 10_000 }).toBe('$2.50')
    const linkRow = ambassador.getByRole('row', { name: /Trail Mug/ })
    await expect.poll(() => linkRow.textContent()).toMatch(/1\s*\$2\.50/)
    await screenshot(ambassador, 'journey-10-ambassador-links')
    await ambassador.getByRole('link', { name: 'Rankings' }).click()
    await expect
      .poll(() => ambassador.locator('li[aria-current="true"]').textContent(), { timeout: 10_000 })
      .toContain('Grace Hopper')
    expect(await ambassador.locator('li[aria-current="true"]').textContent()).toContain('$2.50')
    await screenshot(ambassador, 'journey-11-ambassador-rankings')

    // The ambassador changes their name and password in their profile, and signs in with the new password.
    await ambassador.getByRole('link', { name: 'Profile' }).click()
    await ambassador.getByLabel('First name').fill('Admiral Grace')
    await ambassador.getByRole('button', { name: 'Save details' }).click()
    await visible(ambassador, 'Your details are saved')
    await ambassador.getByLabel('New password', { exact: true }).fill('nanoseconds')
    await ambassador.getByLabel('Repeat new password').fill('nanoseconds!')
    await ambassador.getByRole('button', { name: 'Change password' }).click()
    await visible(ambassador, 'The two passwords do not match')
    await ambassador.getByLabel('Repeat new password').fill('nanoseconds')
    await ambassador.getByRole('button', { name: 'Change password' }).click()
    await visible(ambassador, 'Your password is changed')
    await ambassador.getByRole('button', { name: 'Dismiss' }).click()
    await screenshot(ambassador, 'journey-12-ambassador-profile')
    await ambassador.getByRole('button', { name: 'Log out' }).click()
    await ambassador.waitForURL(/\/ambassador\/login$/)
    await ambassador.getByLabel('Email').fill('grace@example.com')
    await ambassador.getByLabel('Password').fill('nanoseconds')
    await ambassador.getByRole('button', { name: 'Sign in' }).click()
    await visible(ambassador, 'Pick the products you want to recommend')
    await platform.drain()

    // The admin sees the sale on the dashboard, the ambassador behind it, the order, and the mail.
    await admin.getByRole('link', { name: 'Dashboard' }).click()
    await expect
      .poll(() => admin.locator('.kpi strong').allTextContents(), { timeout: 10_000 })
      .toEqual(['1', '$25.00', '$2.50'])
    await visible(admin, 'Admiral Grace Hopper')
    await screenshot(admin, 'journey-13-admin-dashboard')
    // The top ambassadors' list names her first (the funnels table further down links her too).
    await admin.getByRole('link', { name: 'Admiral Grace Hopper' }).first().click()
    await visible(admin, 'grace@example.com')
    await expect.poll(() => admin.getByRole('article').first().textContent()).toContain('charles@example.com')
    await screenshot(admin, 'journey-14-admin-ambassador')
    await admin.getByRole('link', { name: 'Orders' }).click()
    await expect.poll(() => admin.locator('tbody').textContent()).toContain('Trail Mug × 2')
    await screenshot(admin, 'journey-15-admin-orders')
    await admin.getByRole('link', { name: 'Emails' }).click()
    await expect.poll(() => admin.locator('tbody').textContent()).toContain('charles@example.com')
    await screenshot(admin, 'journey-16-admin-emails')

    // The mailbox shows the receipt the customer got, as they would read it.
    await admin.getByRole('link', { name: 'Read them in the mailbox' }).click()
    await admin.waitForURL(/\/mailbox$/)
    await screenshot(admin, 'journey-17-mailbox')
    await admin
      .getByRole('link', { name: /charles@example\.com/ })
      .first()
      .click()
    const body = admin.frameLocator('iframe.mailbox-body')
    await expect.poll(() => body.locator('body').textContent(), { timeout: 10_000 }).toContain('Trail Mug')
    await screenshot(admin, 'journey-18-mailbox-message')

    // The customer sends one mug back: the admin refunds it from the order's page, and the ambassador's commission
    // on it goes, everywhere they look.
    await admin.goto(`${baseUrl}/admin/orders`)
    await admin.locator('tbody').getByRole('link', { name: 'Charles Babbage' }).click()
    await admin.getByLabel('Units of Trail Mug to refund (of 2)').fill('1')
    await admin.getByRole('button', { name: 'Refund', exact: true }).click()
    await visible(admin, 'Refunded $12.50')
    await expect.poll(() => admin.locator('.kpi', { hasText: 'Commission' }).textContent()).toContain('$1.25')
    await screenshot(admin, 'journey-19-admin-order-refunded')
    await platform.drain()
    await ambassador.goto(`${baseUrl}/ambassador/links`)
    await expect.poll(() => ambassador.locator('.earnings strong').textContent(), { timeout: 10_000 }).toBe('$1.25')
    await expect.poll(() => ambassador.getByRole('row', { name: /Trail Mug/ }).textContent()).toMatch(/1\s*\$1\.25/)
    await screenshot(ambassador, 'journey-20-ambassador-after-refund')
  }, 180_000)

  it('shows the start page, a cancelled payment, an unknown link and an unknown page finished on a phone', async () => {
    const page = await phone()
    await page.goto(baseUrl)
    await page.getByRole('link', { name: 'Become an ambassador' }).click()
    await page.waitForURL(/\/ambassador\/register$/)
    await page.goto(baseUrl)
    await visible(page, 'Recommend products you love')
    await screenshot(page, 'page-home')
    await page.goto(`${baseUrl}/error`)
    await visible(page, 'Nothing was charged.')
    await screenshot(page, 'page-payment-cancelled')
    await page.goto(`${baseUrl}/c/no-such-link`)
    await visible(page, 'This link does not exist')
    await screenshot(page, 'page-unknown-link')
    await page.goto(`${baseUrl}/no/such/page`)
    await visible(page, 'Page not found')
    await screenshot(page, 'page-not-found')
  })

  it('sends someone who is not signed in from the mailbox to the admin sign-in, and back after it', async () => {
    const page = await phone()
    await page.goto(`${baseUrl}/mailbox`)
    await page.waitForURL(/\/admin\/login\?next=%2Fmailbox|\/admin\/login\?next=\/mailbox/)
    await page.getByLabel('Email').fill(TEST_ADMIN.email)
    await page.getByLabel('Password').fill(TEST_ADMIN.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/mailbox$/)
    await visible(page, 'Every email the store has sent')
  })
})
