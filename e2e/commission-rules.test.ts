import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserTestsEnabled,
  payOrder,
  screenshot,
  seedLink,
  signInAsAdmin,
  startBrowserPlatform,
} from './browser-platform.ts'

/** Commission rules in the browser: an admin sets a product's rate on a phone; the ambassador asks why a sale earned it. */
describe.runIf(browserTestsEnabled)('commission rules in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform())
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  it('lets an admin give a product 25%, and shows the ambassador why their sale earned it', async () => {
    const { code, productIds } = await seedLink(platform, [{ title: 'Kite', description: 'Red', price: 20 }])

    const admin = await phone()
    await admin.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(admin)
    await admin.goto(`${baseUrl}/admin/commission-rules`)
    await expect.poll(() => admin.getByRole('heading', { name: 'Commission rules', level: 1 }).isVisible()).toBe(true)
    await admin.getByRole('button', { name: 'Add rule' }).click()
    await admin.getByLabel('Product', { exact: true }).selectOption({ label: 'Kite' })
    await admin.getByLabel('Commission rate (%)').fill('25')
    await admin.getByLabel('Name (optional)').fill('Kite season')
    await screenshot(admin, 'commission-rules-form-phone')
    await admin.getByRole('button', { name: 'Save rule' }).click()
    const row = admin.locator('tbody tr', { hasText: 'Kite season' })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('25%')
    await screenshot(admin, 'commission-rules-phone')

    await platform.drain()
    await payOrder(platform, code, productIds[0] ?? '', 2)

    const ada = await phone()
    await ada.goto(`${baseUrl}/ambassador/login`)
    await ada.getByLabel('Email').fill('ada@example.com')
    await ada.getByLabel('Password').fill('ambassador-pw')
    await ada.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => ada.getByRole('heading', { name: 'Products' }).isVisible(), { timeout: 10_000 }).toBe(true)
    await ada.getByRole('link', { name: 'Earnings' }).first().click()
    const accrual = ada.locator('tbody tr', { hasText: 'Earned — pending' })
    await expect.poll(() => accrual.count(), { timeout: 10_000 }).toBe(1)
    await accrual.getByRole('button', { name: 'Why?' }).click()
    const why = accrual.locator('.explain-why')
    await expect
      .poll(() => why.textContent(), { timeout: 10_000 })
      .toBe('25% — the rate set for this product (“Kite season”)')
    expect(await accrual.textContent()).toContain('Earned $10.00')
    await screenshot(ada, 'commission-explain-phone')
  })

  function phone(): Promise<Page> {
    return browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })
  }
})
