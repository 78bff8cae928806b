import { readFileSync } from 'node:fs'
import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { PDFParse } from 'pdf-parse'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../apps/server/src/testing.ts'
import {
  browserTestsEnabled,
  fillShippingForm,
  screenshot,
  signInAsAdmin,
  startBrowserPlatform,
} from './browser-platform.ts'

/**
 * A shopper's account in a real browser: signing in by an emailed link (read from the mailbox), paying, following
 * the order the admin ships, and downloading its invoice; an expired or spent link, and a forgotten password.
 */
describe.runIf(browserTestsEnabled)('the shopper account in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string
  const admin = () => testClient(platform.app)

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform())
    const client = admin()
    await client.post('/api/admin/login', TEST_ADMIN)
    const product = { title: 'Walnut Serving Board', description: 'Oiled walnut.', image: '', price: 42.5 }
    expect((await client.post('/api/admin/products', product)).status).toBe(201)
    await platform.drain()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  const phone = () => browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  /** The link in the newest mail to `email` whose subject matches, as the mailbox holds it. */
  async function linkFromMailbox(email: string, subject: RegExp): Promise<string> {
    await platform.drain()
    const client = admin()
    await client.post('/api/admin/login', TEST_ADMIN)
    const mails = (await client.get<{ id: string; to: string; subject: string }[]>('/api/admin/mailbox')).body
    const mail = mails.find((m) => m.to === email && subject.test(m.subject))
    if (!mail) throw new Error(`no mail to ${email} matching ${subject}`)
    const text = (await client.get<{ text: string }>(`/api/admin/mailbox/${mail.id}`)).body.text
    const link = /https?:\/\/\S+#token=\S+/.exec(text)?.[0]
    if (!link) throw new Error(`no link in: ${text}`)
    return link
  }

  it('a shopper signs in by a link from the mailbox, pays, and follows the order the admin ships down to its PDF invoice', async () => {
    const email = 'marie@example.com'
    const page = await phone()
    await page.goto(`${baseUrl}/account`)
    // Not signed in: the account sends the shopper to sign in.
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to your account' }).isVisible()).toBe(true)
    await screenshot(page, 'account-sign-in')
    await page.getByLabel('Your email').fill(email)
    await page.getByRole('button', { name: 'Send me a link' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Check your email' }).isVisible()).toBe(true)

    // The link from the mail opens a new account: the page asks for the names once.
    const link = await linkFromMailbox(email, /Open your .* account/)
    expect(link.startsWith(`${baseUrl}/account/magic#token=`)).toBe(true)
    await page.goto(link)
    await expect.poll(() => page.getByRole('heading', { name: 'Open your account' }).isVisible()).toBe(true)
    await page.getByLabel('First name').fill('Marie')
    await page.getByLabel('Last name').fill('Curie')
    await screenshot(page, 'account-open-by-link')
    await page.getByRole('button', { name: 'Open my account' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Hello, Marie' }).isVisible()).toBe(true)
    await expect.poll(() => page.getByText('No orders yet').isVisible()).toBe(true)
    await screenshot(page, 'account-home-empty')

    // The same link again: a clear page, and no sign-in.
    const other = await phone()
    await other.goto(link)
    await expect.poll(() => other.getByRole('heading', { name: 'This link cannot sign you in' }).isVisible()).toBe(true)
    expect(await other.getByRole('alert').textContent()).toContain('already used')
    await screenshot(other, 'account-link-used')
    expect((await other.request.get(`${baseUrl}/api/store/user`)).status()).toBe(401)

    // Shopping while signed in, then paying on the provider's page.
    await page.goto(`${baseUrl}/shop`)
    await page.getByRole('button', { name: 'Add to cart: Walnut Serving Board' }).click()
    await expect.poll(() => page.getByRole('link', { name: /^Cart 1 item/ }).isVisible()).toBe(true)
    await page.getByRole('link', { name: /^Cart/ }).click()
    await fillShippingForm(page, { 'First name': 'Marie', 'Last name': 'Curie', Email: email })
    await page.getByRole('button', { name: /^Pay / }).click()
    await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//, { timeout: 15_000 })
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
    await page.getByRole('button', { name: /Pay/ }).click()
    await page.waitForURL(/\/success\?source=/, { timeout: 15_000 })
    await platform.drain()

    // The account lists the order, paid.
    await page.goto(`${baseUrl}/account`)
    const orderLink = page.getByRole('link', { name: /^Order #[0-9A-F]{8}$/ })
    await expect.poll(() => orderLink.isVisible()).toBe(true)
    expect(await page.locator('.order-list').textContent()).toContain('Paid: we are packing it')
    await screenshot(page, 'account-home')

    // The admin packs it and ships it with a tracking number in the panel.
    const orderId = (await orderLink.getAttribute('href'))?.split('/').pop() ?? ''
    const panel = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await panel.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(panel)
    await panel.goto(`${baseUrl}/admin/orders/${orderId}`)
    await panel.getByRole('button', { name: 'Pack the whole order' }).click()
    await panel.getByLabel('Carrier').fill('UPS')
    await panel.getByLabel('Tracking number').fill('1Z999AA10123456784')
    await panel.getByRole('button', { name: 'Mark as shipped' }).click()
    await expect.poll(() => panel.getByText('UPS 1Z999AA10123456784').first().isVisible()).toBe(true)
    await platform.drain()

    // The shopper sees every step, with the tracking number, and downloads the invoice.
    await page.goto(`${baseUrl}/account/orders/${orderId}`)
    await expect.poll(() => page.getByText('On its way').isVisible()).toBe(true)
    const timeline = (await page.getByRole('list', { name: 'What happened to the order' }).textContent()) ?? ''
    expect(timeline).toMatch(/Order placed.*Payment received.*Packed.*Shipped/s)
    expect(await page.locator('main').textContent()).toContain('UPS, tracking number 1Z999AA10123456784')
    await screenshot(page, 'account-order')
    const invoiceLink = page.getByRole('link', { name: /^Download invoice INV-\d{6} \(PDF\)$/ })
    const number = /INV-\d{6}/.exec((await invoiceLink.textContent()) ?? '')?.[0]
    const [download] = await Promise.all([page.waitForEvent('download'), invoiceLink.click()])
    const parser = new PDFParse({ data: new Uint8Array(readFileSync((await download.path()) ?? '')) })
    const invoice = (await parser.getText()).text
    await parser.destroy()
    for (const expected of [`Invoice ${number}`, 'Walnut Serving Board', 'Marie Curie', '42.50 USD']) {
      expect(invoice).toContain(expected)
    }
  }, 180_000)

  it('a shopper who forgot the password gets a link, chooses a new one, and is signed in with it', async () => {
    const email = 'pierre@example.com'
    const registered = await testClient(platform.app).post('/api/store/register', {
      first_name: 'Pierre',
      last_name: 'Curie',
      email,
      password: 'old-password',
      password_confirm: 'old-password',
    })
    expect(registered.status).toBe(201)
    const page = await phone()
    await page.goto(`${baseUrl}/account/sign-in`)
    await page.getByRole('link', { name: 'Forgot your password?' }).click()
    await page.getByLabel('Your email').fill(email)
    await page.getByRole('button', { name: 'Email me a reset link' }).click()
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'has an account here' }).textContent())
      .toContain('a link to choose a new password')
    await screenshot(page, 'account-forgot-password')

    await page.goto(await linkFromMailbox(email, /Reset your/))
    await page.getByLabel('New password', { exact: true }).fill('new-password')
    await page.getByLabel('Repeat new password').fill('new-password')
    await screenshot(page, 'account-reset-password')
    await page.getByRole('button', { name: 'Save and sign in' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Hello, Pierre' }).isVisible()).toBe(true)
    const signIn = await testClient(platform.app).post('/api/store/login', { email, password: 'new-password' })
    expect(signIn.status).toBe(200)

    // Later, on another phone, a sign-in link: it says whose account it opens and waits for the click.
    expect((await testClient(platform.app).post('/api/store/magic-link', { email })).status).toBe(202)
    const other = await phone()
    await other.goto(await linkFromMailbox(email, /sign-in link/))
    const proceed = other.getByRole('button', { name: 'Continue as p•••@example.com' })
    await expect.poll(() => proceed.isVisible()).toBe(true)
    await screenshot(other, 'account-link-continue')
    expect((await other.request.get(`${baseUrl}/api/store/user`)).status()).toBe(401)
    await proceed.click()
    await expect.poll(() => other.getByRole('heading', { name: 'Hello, Pierre' }).isVisible()).toBe(true)
  }, 120_000)
})
