import { readFileSync } from 'node:fs'
import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../apps/server/src/testing.ts'
import {
  browserTestsEnabled,
  demoImage,
  fillShippingForm,
  kpi,
  payOrder,
  screenshot,
  seedLink,
  signInAsAdmin,
  signInAsAmbassador,
  startBrowserPlatform,
} from './browser-platform.ts'

const DAY_MS = 86_400_000
/** The platform's clock runs this far behind the real one: the order is placed 31 days ago, then time catches up. */
let offsetMs = -31 * DAY_MS
const clock = { now: () => new Date(Date.now() + offsetMs) }

/** A commission from order to payout in the browser: it matures, the ambassador asks, the admin pays, it shows paid. */
describe.runIf(browserTestsEnabled)('payouts in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform({
      clock,
      env: { COMMISSION_HOLD_DAYS: '30', PAYOUT_MINIMUM: '5' },
    }))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  it('matures an order’s commission, pays out what the ambassador requests by the admin’s PayPal CSV, and shows it paid', async () => {
    // 31 days ago, Ada's link sold a $64 lantern: $6.40 commission at 10%, pending through the 30-day hold.
    const { code, productIds } = await seedLink(platform, [{ title: 'Lantern', description: 'Brass', price: 64 }])
    await payOrder(platform, code, productIds[0] ?? '', 1)
    offsetMs = 0
    await platform.drain() // the maturity worker runs: the hold has passed

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })
    await signInAsAmbassador(phone, baseUrl, 'ada@example.com', 'ambassador-pw')
    await phone.getByRole('link', { name: 'Earnings' }).first().click()
    await expect.poll(() => kpi(phone, 'Approved')).toBe('$6.40')
    expect(await kpi(phone, 'Pending')).toBe('$0.00')
    expect(await kpi(phone, 'Available')).toBe('$6.40')

    const payouts = phone.getByRole('region', { name: 'Payouts' })
    await payouts.getByLabel('PayPal account email').fill('ada.paypal@example.com')
    await payouts.getByRole('button', { name: 'Save payout details' }).click()
    await expect
      .poll(() => payouts.getByText('Payouts go to').textContent())
      .toContain('PayPal (ada.paypal@example.com)')
    await screenshot(phone, 'payouts-details-saved-phone')
    await payouts.getByRole('button', { name: 'Request payout' }).click()
    const row = payouts.locator('tbody tr')
    await expect.poll(() => row.first().textContent()).toContain('Requested — waiting for approval')
    expect(await row.first().textContent()).toContain('$6.40')
    await expect.poll(() => kpi(phone, 'In payout')).toBe('$6.40')
    expect(await kpi(phone, 'Available')).toBe('$0.00')
    await screenshot(phone, 'payouts-requested-phone')

    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
    await desk.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(desk)
    await desk.getByRole('link', { name: 'Payouts' }).click()
    const queue = desk.getByRole('region', { name: 'Requested' })
    await queue.getByRole('checkbox', { name: 'Select $6.40 for Ada Lovelace' }).check()
    await queue.getByRole('button', { name: 'Approve 1 as a batch ($6.40)' }).click()
    const batch = desk.locator('.payout-batch').first()
    await expect.poll(() => batch.textContent(), { timeout: 10_000 }).toContain('Approved, not paid yet')
    expect(await queue.textContent()).toContain('No payout is waiting.')

    const [download] = await Promise.all([
      desk.waitForEvent('download'),
      batch.getByRole('link', { name: 'Download PayPal CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^payouts-[0-9a-f]{8}-paypal\.csv$/)
    const csv = readFileSync((await download.path()) ?? '', 'utf8')
    expect(csv).toMatch(/^ada\.paypal@example\.com,6\.40,USD,[0-9a-f]{30},Commission from [^,]+,PAYPAL\r\n$/)

    await batch.getByLabel('PayPal reference (optional)').fill('PAYPAL-E2E-1')
    let asked = ''
    desk.once('dialog', (dialog) => {
      asked = dialog.message()
      void dialog.accept()
    })
    await batch.getByRole('button', { name: 'Mark batch paid' }).click()
    await expect.poll(() => batch.textContent(), { timeout: 10_000 }).toContain('Paid')
    expect(asked).toContain('Mark the PayPal batch of $6.40 paid?')
    await screenshot(desk, 'payouts-admin-paid')

    await phone.reload()
    await expect
      .poll(() => phone.getByRole('region', { name: 'Payouts' }).locator('tbody tr').first().textContent(), {
        timeout: 10_000,
      })
      .toMatch(/^.*Paid .*\$6\.40$/)
    expect(await kpi(phone, 'Paid')).toBe('$6.40')
    expect(await kpi(phone, 'In payout')).toBe('$0.00')
    await expect.poll(() => phone.locator('tbody tr', { hasText: 'Payout sent' }).count()).toBe(1)
    await screenshot(phone, 'payouts-paid-phone')

    // Ada was told by email.
    await platform.drain()
    const admin = testClient(platform.app)
    await admin.post('/api/admin/login', TEST_ADMIN)
    const mailbox = (await admin.get<{ to: string; subject: string }[]>('/api/admin/mailbox')).body
    expect(mailbox.filter((m) => m.to === 'ada@example.com').map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/payout of \$6\.40 is on its way$/),
    )
  })
})

describe.runIf(browserTestsEnabled)('store credit in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform({ env: { PAYOUT_MINIMUM: '1' } }))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  it('lets an admin credit an ambassador’s store credit, and the ambassador move approved commission into it', async () => {
    await seedLink(platform, [{ title: 'Lamp', description: 'Green', price: 20 }])
    const ada = testClient(platform.app)
    await ada.post('/api/ambassador/login', { email: 'ada@example.com', password: 'ambassador-pw' })
    const adaId = (await ada.get<{ id: string }>('/api/ambassador/user')).body.id

    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await desk.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(desk)
    await desk.goto(`${baseUrl}/admin/ambassadors/${adaId}`)
    const ledger = desk.getByRole('region', { name: 'Commission ledger' })
    await ledger.getByLabel('Amount').fill('12.00')
    await ledger.getByLabel('Reason').fill('Launch bonus')
    desk.once('dialog', (dialog) => void dialog.accept())
    await ledger.getByRole('button', { name: 'Adjust balance' }).click()
    await expect
      .poll(() => ledger.locator('.kpi', { hasText: 'Approved' }).locator('strong').textContent())
      .toBe('$12.00')
    const credit = desk.getByRole('region', { name: 'Store credit' })
    await credit.getByLabel('Store credit amount').fill('5.00')
    await credit.getByLabel('Why').fill('Thanks for the photos')
    desk.once('dialog', (dialog) => void dialog.accept())
    await credit.getByRole('button', { name: 'Change store credit' }).click()
    await expect.poll(() => credit.locator('.store-credit-balance').textContent()).toBe('Store credit: $5.00')
    expect(await credit.textContent()).toContain('Credit from the store: Thanks for the photos')
    await screenshot(desk, 'wallet-admin-credited')

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })
    await signInAsAmbassador(phone, baseUrl, 'ada@example.com', 'ambassador-pw')
    await phone.goto(`${baseUrl}/ambassador/earnings`)
    const payouts = phone.getByRole('region', { name: 'Payouts' })
    await payouts.getByRole('radio', { name: 'Store credit' }).check()
    await payouts.getByRole('button', { name: 'Save payout details' }).click()
    await expect.poll(() => payouts.getByText('Payouts go to').textContent()).toContain('Store credit')
    await payouts.getByLabel('Amount').fill('12')
    await payouts.getByRole('button', { name: 'Request payout' }).click()
    await expect.poll(() => payouts.locator('tbody tr').first().textContent()).toContain('Paid')
    await platform.drain()
    await phone.reload()
    await expect.poll(() => phone.locator('.store-credit-balance').textContent()).toBe('Store credit: $17.00')
    expect(await phone.locator('.store-credit-entries').textContent()).toContain('Commission moved in')
    expect(await kpi(phone, 'Paid')).toBe('$12.00')
    await screenshot(phone, 'wallet-commission-moved-phone')

    const mailbox = testClient(platform.app)
    await mailbox.post('/api/admin/login', TEST_ADMIN)
    const subjects = (await mailbox.get<{ to: string; subject: string }[]>('/api/admin/mailbox')).body
      .filter((m) => m.to === 'ada@example.com')
      .map((m) => m.subject)
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^You received \$5\.00 of store credit/),
        expect.stringMatching(/^\$12\.00 of your commission is now store credit/),
      ]),
    )
  })
  it('lets a signed-in shopper pay part of a cart with store credit, see what it spent, and top it up by card', async () => {
    const shopper = { email: 'mary@example.com', password: 'shopper-password' }
    const registered = await testClient(platform.app).post('/api/store/register', {
      first_name: 'Mary',
      last_name: 'Somerville',
      ...shopper,
      password_confirm: shopper.password,
    })
    expect(registered.status).toBe(201)
    await platform.drain()
    const admin = testClient(platform.app)
    await admin.post('/api/admin/login', TEST_ADMIN)
    const maryId = (registered.body as { id: string }).id
    await expect
      .poll(
        async () =>
          (await admin.post(`/api/admin/users/${maryId}/wallet/deposits`, { amount: 5, reason: 'Welcome gift' }))
            .status,
      )
      .toBe(201)
    const lamp = (
      await admin.post<{ id: string }>('/api/admin/products', {
        title: 'Desk Lamp',
        description: 'Brass',
        image: demoImage(platform, 'Desk Lamp'),
        price: 20,
      })
    ).body
    await platform.drain()

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    expect((await context.request.post(`${baseUrl}/api/store/login`, { data: shopper })).status()).toBe(200)
    const page = await context.newPage()
    expect(
      (
        await page.request.post(`${baseUrl}/api/store/cart/lines`, { data: { product_id: lamp?.id, quantity: 1 } })
      ).status(),
    ).toBe(200)
    await page.goto(`${baseUrl}/cart`)
    // The form is prefilled from the account first; then the address is typed in.
    await expect.poll(() => page.getByLabel('Email', { exact: true }).inputValue()).toBe(shopper.email)
    await fillShippingForm(page, { 'First name': 'Mary', 'Last name': 'Somerville', Email: shopper.email })
    expect(await page.getByLabel('First name', { exact: true }).inputValue()).toBe('Mary')
    const choice = page.getByLabel('Pay $5.00 from my store credit ($5.00 available)')
    await expect.poll(() => choice.isChecked()).toBe(true)
    await expect.poll(() => page.getByRole('button', { name: 'Pay $15.00' }).isVisible()).toBe(true)
    await screenshot(page, 'store-credit-cart-phone')
    await page.getByRole('button', { name: 'Pay $15.00' }).click()
    await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//, { timeout: 15_000 })
    expect(await page.locator('body').textContent()).toContain('$15.00')
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
    await page.getByRole('button', { name: /Pay/ }).click()
    await page.waitForURL(/\/success\?source=/, { timeout: 15_000 })
    await platform.drain()
    await page.goto(`${baseUrl}/account`)
    const credit = page.getByRole('region', { name: 'Store credit' })
    await expect
      .poll(() => credit.locator('.store-credit-balance').textContent(), { timeout: 10_000 })
      .toBe('Store credit: $0.00')
    expect(await credit.textContent()).toContain('Spent on an order')
    await screenshot(page, 'store-credit-account-phone')

    // Topping up: the payment page, then back to the account with the credit added.
    await credit.getByLabel('Amount (USD)').fill('10')
    await credit.getByRole('button', { name: 'Pay and add credit' }).click()
    await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//, { timeout: 15_000 })
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
    await page.getByRole('button', { name: /Pay/ }).click()
    await page.waitForURL(/\/account/, { timeout: 15_000 })
    await expect
      .poll(() => credit.getByRole('status').textContent(), { timeout: 10_000 })
      .toBe('$10.00 of store credit added')
    await expect.poll(() => credit.locator('.store-credit-balance').textContent()).toBe('Store credit: $10.00')
    expect(new URL(page.url()).search).toBe('')
    await screenshot(page, 'store-credit-topped-up-phone')

    // The credit pays on a link's own checkout page too; the order then says how it was paid, to her and the admin.
    const link = await seedLink(platform, [{ title: 'Wall Clock', description: 'Oak', price: 14 }])
    await page.goto(`${baseUrl}/c/${link.code}`)
    const linkChoice = page.getByLabel('Pay $10.00 from my store credit ($10.00 available)')
    await expect.poll(() => linkChoice.isChecked()).toBe(true)
    await fillShippingForm(page, { 'First name': 'Mary', 'Last name': 'Somerville', Email: shopper.email })
    await screenshot(page, 'store-credit-link-checkout-phone')
    await page.getByRole('button', { name: 'Pay $4.00' }).click()
    await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//, { timeout: 15_000 })
    expect(await page.locator('body').textContent()).toContain('$4.00')
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
    await page.getByRole('button', { name: /Pay/ }).click()
    await page.waitForURL(/\/success\?source=/, { timeout: 15_000 })
    await platform.drain()
    const orders = (await admin.get<{ id: string; code: string | null }[]>('/api/admin/orders')).body
    const clockOrder = orders.find((order) => order.code === link.code)
    expect(clockOrder).toBeDefined()
    await page.goto(`${baseUrl}/account/orders/${clockOrder?.id}`)
    const paidWith = page.getByRole('row', { name: /Paid with store credit/ })
    await expect.poll(() => paidWith.textContent(), { timeout: 10_000 }).toContain('$10.00')
    expect(await page.getByRole('row', { name: /Paid by card/ }).textContent()).toContain('$4.00')
    await screenshot(page, 'store-credit-order-phone')
    await context.close()

    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const adminPage = await desk.newPage()
    await adminPage.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(adminPage)
    await adminPage.goto(`${baseUrl}/admin/orders/${clockOrder?.id}`)
    await expect.poll(() => kpi(adminPage, 'Of which store credit'), { timeout: 10_000 }).toBe('$10.00')
    const wallet = adminPage.getByRole('region', { name: 'Store credit' })
    await expect.poll(() => wallet.textContent(), { timeout: 10_000 }).toContain('Spent on an order')
    await screenshot(adminPage, 'store-credit-admin-order')
    await desk.close()
  })
})
