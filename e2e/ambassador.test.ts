import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../apps/server/src/testing.ts'
import { browserTestsEnabled, screenshot, startBrowserPlatform } from './browser-platform.ts'

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

  it('says what went wrong when the sign-in is refused', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await page.goto(`${baseUrl}/ambassador/login`)
    await page.getByLabel('Email').fill('nobody@example.com')
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Invalid email or password')
  })
})
