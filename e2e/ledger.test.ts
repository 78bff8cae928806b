import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserTestsEnabled,
  kpi,
  payOrder,
  screenshot,
  seedLink,
  signInAsAdmin,
  signInAsAmbassador,
  startBrowserPlatform,
} from './browser-platform.ts'

/** The commission ledger in the browser: the ambassador's earnings, and an admin's adjustment of them. */
describe.runIf(browserTestsEnabled)('the commission ledger in the browser', () => {
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

  it('shows the ambassador their pending commission, and the adjustment an admin makes with a reason', async () => {
    // Ada's link sells two kites (2 × $15): $3.00 commission at 10%, pending while the return window is open.
    const { code, productIds } = await seedLink(platform, [{ title: 'Kite', description: 'Red', price: 15 }])
    await payOrder(platform, code, productIds[0] ?? '', 2)
    const ada = testClient(platform.app)
    await ada.post('/api/ambassador/login', { email: 'ada@example.com', password: 'ambassador-pw' })
    const adaId = (await ada.get<{ id: string }>('/api/ambassador/user')).body.id

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })
    await signInAsAmbassador(phone, baseUrl, 'ada@example.com', 'ambassador-pw')
    await phone.getByRole('link', { name: 'Earnings' }).first().click()
    await expect.poll(() => phone.getByRole('heading', { name: 'Earnings', level: 1 }).isVisible()).toBe(true)
    await expect.poll(() => kpi(phone, 'Pending')).toBe('$3.00')
    expect(await kpi(phone, 'Approved')).toBe('$0.00')
    const accrual = phone.locator('tbody tr', { hasText: 'Earned — pending' })
    await expect.poll(() => accrual.count()).toBe(1)
    expect(await accrual.textContent()).toMatch(/10%.*\+\$3\.00/)
    await screenshot(phone, 'ledger-earnings-phone')

    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await desk.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(desk)
    await desk.goto(`${baseUrl}/admin/ambassadors/${adaId}`)
    const ledger = desk.getByRole('region', { name: 'Commission ledger' })
    await expect.poll(() => kpi(desk, 'Pending'), { timeout: 10_000 }).toBe('$3.00')
    await ledger.getByLabel('Amount').fill('5.00')
    await ledger.getByLabel('Reason').fill('Spring campaign bonus')
    let asked = ''
    desk.once('dialog', (dialog) => {
      asked = dialog.message()
      void dialog.accept()
    })
    await ledger.getByRole('button', { name: 'Adjust balance' }).click()
    await expect.poll(() => kpi(desk, 'Approved')).toBe('$5.00')
    expect(asked).toContain('Credit Ada Lovelace 5.00 for “Spring campaign bonus”')
    expect(await ledger.getByLabel('Amount').inputValue()).toBe('') // ready for the next one
    await screenshot(desk, 'ledger-admin-adjusted')

    await phone.reload()
    const adjustment = phone.locator('tbody tr', { hasText: 'Adjustment: Spring campaign bonus' })
    await expect.poll(() => adjustment.count(), { timeout: 10_000 }).toBe(1)
    expect(await adjustment.textContent()).toContain('+$5.00')
    expect(await kpi(phone, 'Approved')).toBe('$5.00')
    expect(await kpi(phone, 'Available')).toBe('$5.00')
    expect(await kpi(phone, 'Pending')).toBe('$3.00')
    await screenshot(phone, 'ledger-earnings-adjusted-phone')
  })
})
