import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../apps/server/src/testing.ts'
import {
  browserTestsEnabled,
  payOrder,
  screenshot,
  seedLink,
  signInAsAmbassador,
  startBrowserPlatform,
} from './browser-platform.ts'

/** The ambassador portal in a real browser: sign up, pick products, get a link, see it and the rankings. */
describe.runIf(browserTestsEnabled)('the ambassador portal in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform())
    const admin = testClient(platform.app)
    await admin.post('/api/admin/login', TEST_ADMIN)
    for (const [title, price] of [
      ['Sunglasses', 89],
      ['Beach Towel', 25],
      ['Sandals', 45],
    ] as const) {
      await admin.post('/api/admin/products', {
        title,
        description: `A fine ${title.toLowerCase()}.`,
        image: '',
        price,
      })
    }
    await platform.drain()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  it('signs up a new ambassador, turns picked products into a link and shows it with its stats and the rankings', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${baseUrl}/ambassador`)
    await page.waitForURL(/\/ambassador\/login$/)
    await page.getByRole('link', { name: 'Create an ambassador account' }).click()
    await page.getByLabel('First name').fill('Grace')
    await page.getByLabel('Last name').fill('Hopper')
    await page.getByLabel('Email').fill('grace@example.com')
    await page.getByLabel('Password', { exact: true }).fill('compilers-rule')
    await page.getByLabel('Repeat password').fill('compilers-rule')
    await screenshot(page, 'ambassador-register')
    await page.getByRole('button', { name: 'Create account' }).click()

    await expect.poll(() => page.getByRole('heading', { name: 'Products' }).isVisible(), { timeout: 10_000 }).toBe(true)
    await page.getByLabel(/Sunglasses/).check()
    await page.getByLabel(/Sandals/).check()
    await screenshot(page, 'ambassador-products')
    await page.getByRole('button', { name: 'Create link' }).click()
    await expect.poll(() => page.getByText('Your link is ready.').isVisible()).toBe(true)
    const link = (await page.locator('.created code').textContent()) ?? ''
    expect(link).toMatch(new RegExp(`^${baseUrl}/c/[A-Za-z0-9]{8}$`))

    await page.getByRole('link', { name: 'My links' }).first().click()
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1)
    await expect.poll(() => page.locator('tbody').textContent()).toContain('Sunglasses, Sandals')
    await screenshot(page, 'ambassador-links')

    await page.getByRole('link', { name: 'Rankings' }).click()
    await expect.poll(() => page.locator('li[aria-current="true"]').textContent()).toContain('Grace Hopper')
    await screenshot(page, 'ambassador-rankings')

    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL(/\/ambassador\/login$/)
  })

  it('charts what a paid order earned and shows a link as a QR code, on a phone', async () => {
    // Ada (seedLink) has two links; a shopper pays for two kites (2 × $15) through the first: $3.00 commission.
    const { code, productIds } = await seedLink(platform, [{ title: 'Kite', description: 'Red', price: 15 }])
    const ada = testClient(platform.app)
    await ada.post('/api/ambassador/login', { email: 'ada@example.com', password: 'ambassador-pw' })
    const other = (await ada.post<{ code: string }>('/api/ambassador/links', { products: productIds })).body.code
    await platform.drain()
    await payOrder(platform, code, productIds[0] ?? '', 2)

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })
    await signInAsAmbassador(page, baseUrl, 'ada@example.com', 'ambassador-pw')
    await page.goto(`${baseUrl}/ambassador/links`)
    const chart = page.getByRole('img', { name: /^Earnings/ })
    await expect.poll(() => chart.getAttribute('aria-label'), { timeout: 10_000 }).toMatch(/highest \$3\.00 on/)
    await screenshot(page, 'ambassador-links-chart-phone')

    await page.getByLabel('Earnings from', { exact: true }).selectOption(other)
    await expect
      .poll(() => page.getByRole('img', { name: new RegExp(`^Earnings from /c/${other}`) }).getAttribute('aria-label'))
      .toContain('No orders in the last 30 days yet')
    await page.getByLabel('Earnings from', { exact: true }).selectOption(code)
    await expect
      .poll(() => page.getByRole('img', { name: new RegExp(`^Earnings from /c/${code}`) }).getAttribute('aria-label'))
      .toContain('highest $3.00')

    const qrButton = page.getByRole('button', { name: `QR code for /c/${code}` })
    await qrButton.click()
    const dialog = page.getByRole('dialog', { name: 'QR code for your link' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await expect.poll(() => dialog.getByRole('img', { name: /^QR code that opens / }).isVisible()).toBe(true)
    expect(await dialog.locator(':focus').count()).toBe(1) // focus moved into the dialog
    expect(await dialog.getByRole('link', { name: 'Download PNG' }).getAttribute('href')).toMatch(/^data:image\/png;/)
    expect(await dialog.getByRole('link', { name: 'Download SVG' }).getAttribute('download')).toBe(`link-${code}.svg`)
    await screenshot(page, 'ambassador-qr-phone')

    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await page.locator(':focus').getAttribute('aria-label')).toBe(`QR code for /c/${code}`) // and back
  })

  it('ranks ambassadors by approved commission this week, month or all time, mine highlighted, on a phone', async () => {
    const admin = testClient(platform.app)
    await admin.post('/api/admin/login', TEST_ADMIN)
    const people = [
      { first_name: 'Lin', last_name: 'Leader', email: 'lin@example.com', credit: 20 },
      { first_name: 'Max', last_name: 'Middle', email: 'max@example.com', credit: 12.5 },
    ]
    for (const { credit, ...person } of people) {
      const client = testClient(platform.app)
      const password = 'ambassador-pw'
      await client.post('/api/ambassador/register', { ...person, password, password_confirm: password })
      await platform.drain()
      await client.post('/api/ambassador/login', { email: person.email, password })
      const { id } = (await client.get<{ id: string }>('/api/ambassador/user')).body
      // Approved commission the quick way: an admin's adjustment moves the approved balance now.
      const adjusted = await admin.post(`/api/admin/ambassadors/${id}/ledger/adjustments`, {
        amount: credit,
        reason: 'Launch bonus',
      })
      expect(adjusted.status).toBe(201)
    }

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })
    await signInAsAmbassador(page, baseUrl, 'max@example.com', 'ambassador-pw')
    await page.goto(`${baseUrl}/ambassador/rankings`)
    const board = page.getByRole('region', { name: 'Leaderboard' })
    const mine = board.locator('li[aria-current="true"]')
    await expect.poll(() => mine.textContent(), { timeout: 10_000 }).toContain('Max Middle')
    expect(await mine.textContent()).toContain('$12.50')
    expect(await board.locator('li').first().textContent()).toContain('Lin Leader')
    expect(await board.getByRole('radio', { name: 'Week' }).isChecked()).toBe(true)
    await screenshot(page, 'ambassador-leaderboard-phone')

    await board.getByRole('radio', { name: 'All time' }).check()
    await expect.poll(() => board.getByText(/You are number 2 of \d+ so far/).isVisible()).toBe(true)
    await board.getByRole('radio', { name: 'Month' }).focus()
    await page.keyboard.press('ArrowLeft') // arrow keys move within the radio group
    expect(await board.getByRole('radio', { name: 'Week' }).isChecked()).toBe(true)
    await expect.poll(() => board.getByText('You are number 2 of 2 this week.').isVisible()).toBe(true)
  })

  it('says what went wrong when the sign-in is refused', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await page.goto(`${baseUrl}/ambassador/login`)
    await page.getByLabel('Email').fill('nobody@example.com')
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Invalid email or password')
  })
})
