import type { FulfilmentQueue, OrderDetail } from '@ambassador/contracts/http'
import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOrder, TEST_ADMIN } from '../apps/server/src/testing.ts'
import { browserTestsEnabled, screenshot, seedLink, signInAsAdmin, startBrowserPlatform } from './browser-platform.ts'

/**
 * Fulfilment in a real browser: on the work list an admin packs several paid orders at once (one that was refunded
 * meanwhile says why it was not), ships them from a phone with a tracking number typed in each order's row, and marks
 * one delivered; the order page shows every step. On another order the admin packs one line, then the rest.
 */
describe.runIf(browserTestsEnabled)('fulfilment in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string
  let code: string
  let tray: string
  let bowl: string
  const admin = () => {
    const client = testClient(platform.app)
    return client.post('/api/admin/login', TEST_ADMIN).then(() => client)
  }

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform())
    const seeded = await seedLink(platform, [
      { title: 'Walnut Tray', description: 'For breakfast in bed', price: 42 },
      { title: 'Oak Bowl', description: 'Turned by hand', price: 18 },
    ])
    code = seeded.code
    ;[tray = '', bowl = ''] = seeded.productIds
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  /** `firstName` Babbage orders through the link and pays; the order as the admin sees it. */
  async function paidOrder(firstName: string, lines: { product_id: string; quantity: number }[]) {
    const shopper = testClient(platform.app)
    const email = `${firstName.toLowerCase()}@example.com`
    const session = (
      await shopper.post<{ id: string; url: string }>('/api/checkout/orders', {
        ...customerOrder(code, lines),
        first_name: firstName,
        email,
      })
    ).body
    await shopper.post(new URL(session.url).pathname, { card_number: '4242 4242 4242 4242' })
    expect((await shopper.post('/api/checkout/orders/confirm', { source: session.id })).status).toBe(200)
    await platform.drain()
    const queue = await (await admin()).get<FulfilmentQueue>('/api/admin/orders/fulfilment?stage=paid&per_page=200')
    const order = queue.body.data.find((o) => o.email === email)
    if (!order) throw new Error(`${firstName}'s order is not in the list`)
    return { ...order, label: `order #${order.number} (${firstName} Babbage)` }
  }

  async function signedIn(viewport: { width: number; height: number }, phone = false): Promise<Page> {
    const page = await browser.newPage({ viewport, ...(phone ? { isMobile: true, hasTouch: true } : {}) })
    await page.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(page)
    return page
  }

  const results = (page: Page) => page.getByRole('region', { name: /orders? (packed|shipped|delivered)$/ })

  it('packs two paid orders at once, ships them with their tracking numbers, marks one delivered, and the order page shows each step', async () => {
    const ada = await paidOrder('Ada', [{ product_id: tray, quantity: 1 }])
    const grace = await paidOrder('Grace', [{ product_id: bowl, quantity: 2 }])
    const alan = await paidOrder('Alan', [{ product_id: tray, quantity: 1 }])

    const desk = await signedIn({ width: 1280, height: 900 })
    await desk.getByRole('link', { name: 'Fulfilment' }).click()
    await expect.poll(() => desk.getByRole('button', { name: 'To pack (3)' }).getAttribute('aria-pressed')).toBe('true')
    for (const order of [ada, grace, alan]) {
      await desk.getByRole('checkbox', { name: `Select ${order.label}` }).check()
    }
    await screenshot(desk, 'admin-fulfilment-to-pack')
    // Meanwhile another admin refunds Alan's order in full: it must not be packed, and the list must say so.
    const refund = await (await admin()).post(`/api/admin/orders/${alan.id}/refunds`, { amount: 42 })
    expect(refund.status).toBe(201)
    await desk.getByRole('button', { name: 'Pack 3 orders' }).click()
    await expect.poll(() => results(desk).getByRole('heading').textContent()).toBe('2 of 3 orders packed')
    const packed = await results(desk).textContent()
    expect(packed).toContain(`✓ ${ada.label.replace('order ', '')}: packed`)
    expect(packed).toContain(`✓ ${grace.label.replace('order ', '')}: packed`)
    expect(packed).toContain(
      `✗ ${alan.label.replace('order ', '')}: not packed. Cannot fulfil this order: it was refunded in full`,
    )
    // The packed ones left this list, and the refunded one needs no packing.
    await expect.poll(() => desk.getByRole('button', { name: 'To pack (0)' }).isVisible()).toBe(true)
    await screenshot(desk, 'admin-fulfilment-packed')

    // On a phone: each order to ship gets its carrier and tracking number in its own card.
    const phone = await signedIn({ width: 390, height: 844 }, true)
    await phone.goto(`${baseUrl}/admin/fulfilment?stage=fulfilled`)
    await expect
      .poll(() => phone.getByRole('button', { name: 'To ship (2)' }).getAttribute('aria-pressed'))
      .toBe('true')
    await phone.getByRole('checkbox', { name: `Select ${ada.label}` }).check()
    await phone.getByRole('checkbox', { name: `Select ${grace.label}` }).check()
    await phone.getByRole('button', { name: 'Ship 2 orders' }).click()
    await expect
      .poll(() => phone.getByRole('alert').textContent())
      .toBe(`Enter the carrier and tracking number of order ${ada.label.replace('order ', '')}`)
    await phone.getByLabel(`Carrier for ${ada.label}`).fill('DHL')
    await phone.getByLabel(`Tracking number for ${ada.label}`).fill('JD0001')
    await phone.getByLabel(`Carrier for ${grace.label}`).fill('UPS')
    await phone.getByLabel(`Tracking number for ${grace.label}`).fill('1Z0002')
    await screenshot(phone, 'admin-fulfilment-ship-phone')
    await phone.getByRole('button', { name: 'Ship 2 orders' }).click()
    await expect.poll(() => results(phone).getByRole('heading').textContent()).toBe('2 of 2 orders shipped')

    await phone.getByRole('button', { name: 'To confirm delivery (2)' }).click()
    await expect
      .poll(() => phone.getByRole('row', { name: new RegExp(grace.number) }).textContent())
      .toContain('UPS 1Z0002')
    await screenshot(phone, 'admin-fulfilment-to-confirm-phone')
    await phone.getByRole('checkbox', { name: `Select ${ada.label}` }).check()
    await phone.getByRole('button', { name: 'Mark 1 order delivered' }).click()
    await expect.poll(() => results(phone).getByRole('heading').textContent()).toBe('1 of 1 order delivered')
    await expect.poll(() => phone.getByRole('button', { name: 'To confirm delivery (1)' }).isVisible()).toBe(true)

    // Ada's order page: every step, who took it (the timeline) and the carrier.
    await desk.goto(`${baseUrl}/admin/orders/${ada.id}`)
    const timeline = desk.getByRole('list', { name: 'Timeline' }).getByRole('listitem')
    await expect
      .poll(async () => (await timeline.allTextContents()).map((step) => step.split(' · ')[0]))
      .toEqual(['Placed', 'Paid', 'Packed', 'Shipped', 'Delivered'])
    expect(await timeline.nth(3).textContent()).toContain('DHL JD0001')
    await screenshot(desk, 'admin-order-fulfilled')
    const graceDetail = (await (await admin()).get<OrderDetail>(`/api/admin/orders/${grace.id}`)).body
    expect(graceDetail).toMatchObject({ stage: 'shipped', carrier: 'UPS', tracking_number: '1Z0002' })
    await desk.close()
    await phone.close()
  })

  it('after packing every order on the last page shows the page before it, and says so once nothing is left to pack', async () => {
    // A page of 20 and one more.
    for (let n = 1; n <= 21; n++)
      await paidOrder(`Queue${String.fromCharCode(96 + n)}`, [{ product_id: bowl, quantity: 1 }])
    const desk = await signedIn({ width: 1280, height: 900 })
    await desk.goto(`${baseUrl}/admin/fulfilment`)
    const pages = desk.getByRole('navigation', { name: 'Pages' })
    await pages.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => pages.textContent()).toContain('Page 2 of 2')
    const ticks = desk.getByRole('checkbox', { name: /^Select order #/ })
    await expect.poll(() => ticks.count()).toBe(1)

    await desk.getByRole('checkbox', { name: 'Select all 1 on this page' }).check()
    await desk.getByRole('button', { name: 'Pack 1 order' }).click()
    await expect.poll(() => results(desk).getByRole('heading').textContent()).toBe('1 of 1 order packed')
    await expect.poll(() => ticks.count()).toBe(20)
    expect(await pages.count()).toBe(0)

    await desk.getByRole('checkbox', { name: 'Select all 20 on this page' }).check()
    await desk.getByRole('button', { name: 'Pack 20 orders' }).click()
    await expect.poll(() => desk.getByText('Nothing to pack.').isVisible()).toBe(true)
    await desk.close()
  })

  it('packs the lines of an order one at a time on its page', async () => {
    const order = await paidOrder('Mary', [
      { product_id: tray, quantity: 1 },
      { product_id: bowl, quantity: 3 },
    ])
    const phone = await signedIn({ width: 390, height: 844 }, true)
    await phone.goto(`${baseUrl}/admin/orders/${order.id}`)
    await phone.getByRole('group', { name: 'Lines to pack' }).getByRole('checkbox', { name: 'Walnut Tray × 1' }).check()
    await phone.getByRole('button', { name: 'Pack selected lines' }).click()
    await expect.poll(() => phone.getByText('Packed 1 line; 1 left to pack').isVisible()).toBe(true)
    await expect
      .poll(() => phone.getByRole('group', { name: 'Lines to pack' }).textContent())
      .toMatch(/Walnut Tray × 1 · packed .*Oak Bowl × 3/)
    expect(await phone.getByRole('list', { name: 'Timeline' }).textContent()).toContain('Partly packed · ')
    expect(await phone.getByRole('list', { name: 'Timeline' }).textContent()).toContain(
      '1 of 2 items packed: Walnut Tray',
    )
    await screenshot(phone, 'admin-order-partly-packed-phone')

    await phone.getByRole('button', { name: 'Pack every line left' }).click()
    await expect.poll(() => phone.getByText('Packed: to be shipped').isVisible()).toBe(true)
    await expect
      .poll(() => phone.getByRole('list', { name: 'Timeline' }).textContent())
      .toContain('2 of 2 items packed: Oak Bowl × 3')
    await phone.close()
  })
})
