import { readFileSync } from 'node:fs'
import type { OrderDetail } from '@ambassador/contracts/http'
import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { PDFParse } from 'pdf-parse'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../apps/server/src/testing.ts'
import {
  browserTestsEnabled,
  fillShippingForm,
  screenshot,
  seedLink,
  signInAsAdmin,
  startBrowserPlatform,
} from './browser-platform.ts'

/**
 * The shop in a real browser: the admin runs categories, pictures, stock and a coupon in the panel; shoppers on
 * phones search, filter, fill a cart, use the coupon and pay; the admin sees the discounted order and the stock it
 * took; a shopper who came through an ambassador's link pays a whole cart and the ambassador earns on every line.
 */
describe.runIf(browserTestsEnabled)('the shop in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string
  const api = () => testClient(platform.app)

  beforeAll(async () => {
    ;({ platform, browser, baseUrl } = await startBrowserPlatform())
    // The catalog the shoppers search among (the brass lamp is added in the admin panel by the first test).
    const admin = api()
    await admin.post('/api/admin/login', TEST_ADMIN)
    for (const [title, price] of [
      ['Reading Lamp', 35],
      ['Floor Lamp', 120],
      ['Oak Bookshelf', 210],
    ] as const) {
      expect(
        (await admin.post('/api/admin/products', { title, description: `A ${title}`, image: '', price })).status,
      ).toBe(201)
    }
    await platform.drain()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  const phone = () => browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  async function signInAdmin(page: Page) {
    page.on('dialog', (dialog) => void dialog.accept())
    await page.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(page)
  }

  /** Pays on the test provider's page and waits for the confirmation. */
  async function payOnProviderPage(page: Page) {
    await page.waitForURL(/\/api\/checkout\/test-provider\/sessions\//, { timeout: 15_000 })
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242')
    await page.getByRole('button', { name: /Pay/ }).click()
    await page.waitForURL(/\/success\?source=/, { timeout: 15_000 })
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe('Thank you! Your order is confirmed')
  }

  it('an admin sets up the shop; a shopper searches, filters, fills a cart, uses a coupon and pays; the admin sees the discounted order and the stock it took', async () => {
    const admin = api()
    await admin.post('/api/admin/login', TEST_ADMIN)

    // In the admin panel: a category, a product in it with an uploaded picture, its stock, and a coupon.
    const panel = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await signInAdmin(panel)
    await panel.getByRole('link', { name: 'Categories' }).click()
    await panel.getByRole('button', { name: 'Add category' }).click()
    await panel.getByLabel('Category name').fill('Lamps')
    await panel.getByRole('button', { name: 'Save category' }).click()
    await expect.poll(() => panel.getByRole('row', { name: /Lamps/ }).isVisible()).toBe(true)

    await panel.getByRole('link', { name: 'Products' }).click()
    await panel.getByRole('button', { name: 'Add product' }).click()
    await panel.getByLabel('Title').fill('Brass Desk Lamp')
    await panel.getByLabel('Description').fill('Warm light for late nights.')
    await panel.getByLabel('Price (USD)').fill('49.90')
    await panel.getByRole('checkbox', { name: 'Lamps' }).check()
    const picture = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c8a24a' } })
      .jpeg()
      .toBuffer()
    await panel
      .getByLabel('Upload an image')
      .setInputFiles({ name: 'lamp.jpg', mimeType: 'image/jpeg', buffer: picture })
    await expect.poll(() => panel.getByText('Uploaded lamp.jpg').isVisible(), { timeout: 15_000 }).toBe(true)
    await panel.getByRole('button', { name: 'Save product' }).click()
    await expect.poll(() => panel.getByRole('row', { name: /Brass Desk Lamp/ }).isVisible()).toBe(true)
    // The other lamps join the category too (through the API: the panel was proven above).
    await platform.drain()
    const lampsId = (await admin.get<{ id: string; slug: string }[]>('/api/admin/categories')).body.find(
      (c) => c.slug === 'lamps',
    )?.id
    const products = (await admin.get<{ id: string; title: string }[]>('/api/admin/products')).body
    for (const title of ['Reading Lamp', 'Floor Lamp']) {
      const id = products.find((p) => p.title === title)?.id
      expect((await admin.put(`/api/admin/products/${id}`, { category_ids: [lampsId] })).status).toBe(200)
    }
    await platform.drain()

    const lampRow = panel.getByRole('row', { name: /Brass Desk Lamp/ })
    await lampRow.getByRole('button', { name: 'Set stock' }).click()
    await panel.getByLabel('Units on hand').fill('5')
    await panel.getByRole('button', { name: 'Save stock' }).click()
    await expect.poll(() => lampRow.textContent()).toContain('5 available')

    await panel.getByRole('link', { name: 'Coupons' }).click()
    await panel.getByRole('button', { name: 'Add coupon' }).click()
    await panel.getByLabel('Coupon code').fill('LIGHT10')
    await panel.getByLabel('A percentage').check()
    await panel.getByLabel('Percent off').fill('10')
    await panel.getByRole('button', { name: 'Create coupon' }).click()
    await expect.poll(() => panel.getByRole('row', { name: /LIGHT10/ }).isVisible()).toBe(true)
    await screenshot(panel, 'admin-coupons')
    await platform.drain()

    // A shopper on a phone: search, narrow down by category and price, add two lamps.
    const page = await phone()
    await page.goto(`${baseUrl}/shop`)
    await page.getByRole('searchbox', { name: 'Search products' }).fill('lamp')
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /products?$/ })
          .textContent(),
      )
      .toBe('3 products')
    await page.getByRole('combobox', { name: 'Category' }).selectOption('lamps')
    await page.getByRole('textbox', { name: 'Min price' }).fill('30')
    await page.getByRole('textbox', { name: 'Max price' }).fill('60')
    await page.getByRole('button', { name: 'Apply price range' }).click()
    await expect.poll(() => page.url()).toMatch(/category=lamps/)
    expect(page.url()).toMatch(/min_price=30/)
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /products?$/ })
          .textContent(),
      )
      .toBe('2 products')
    const cards = page.getByRole('listitem').getByRole('link')
    await expect
      .poll(async () => (await cards.allTextContents()).join(' | '))
      .toMatch(/Brass Desk Lamp.*Reading Lamp|Reading Lamp.*Brass Desk Lamp/)
    // The uploaded picture is served in sizes for the screen, lazily.
    const img = page.getByRole('listitem').filter({ hasText: 'Brass Desk Lamp' }).locator('img')
    expect(await img.getAttribute('srcset')).toMatch(/-thumb\.webp 200w.*-card\.webp 600w/)
    await screenshot(page, 'shop-catalog')

    await page.getByRole('button', { name: 'Add to cart: Brass Desk Lamp' }).click()
    await expect.poll(() => page.getByText('Brass Desk Lamp added to your cart').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Add to cart: Reading Lamp' }).click()
    await expect.poll(() => page.getByRole('link', { name: /^Cart 2 items/ }).isVisible()).toBe(true)

    // The product page shows the picture large.
    await page.getByRole('link', { name: 'Brass Desk Lamp' }).first().click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Brass Desk Lamp')
    await screenshot(page, 'shop-product')

    await page.getByRole('link', { name: /^Cart/ }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Your cart' }).isVisible()).toBe(true)
    await page.getByRole('button', { name: 'One more Brass Desk Lamp' }).click()
    await page.getByRole('textbox', { name: 'Coupon code' }).fill('nope')
    await page.getByRole('button', { name: 'Apply coupon' }).click()
    await expect.poll(() => page.locator('#coupon-error').textContent()).toBe('There is no coupon NOPE')
    await page.getByRole('textbox', { name: 'Coupon code' }).fill('light10')
    await page.getByRole('button', { name: 'Apply coupon' }).click()
    // 2 × 49.90 + 35.00 = 134.80; 10% off = 13.48 → 121.32.
    await expect
      .poll(() => page.getByRole('button', { name: /^Pay / }).textContent(), { timeout: 10_000 })
      .toBe('Pay $121.32')
    await fillShippingForm(page, { 'First name': 'Grace', 'Last name': 'Hopper', Email: 'grace@example.com' })
    await screenshot(page, 'shop-cart')
    await page.getByRole('button', { name: /^Pay / }).click()
    await payOnProviderPage(page)
    await screenshot(page, 'shop-success')
    await platform.drain()

    // The admin sees the order with its discount, and the stock it took.
    const order = (await admin.get<{ id: string; email: string }[]>('/api/admin/orders')).body.find(
      (o) => o.email === 'grace@example.com',
    )
    await panel.goto(`${baseUrl}/admin/orders/${order?.id}`)
    await expect.poll(() => panel.getByText('coupon LIGHT10').isVisible(), { timeout: 10_000 }).toBe(true)
    const body = await panel.locator('main').textContent()
    expect(body).toContain('$13.48')
    expect(body).toContain('$121.32')
    expect(body).toContain('No referral')
    await screenshot(panel, 'admin-shop-order')
    // Its invoice, numbered when it was paid, downloads as a PDF with the lines and the total.
    const invoiceLink = panel.getByRole('link', { name: /^Invoice INV-\d{6} \(PDF\)$/ })
    const [download] = await Promise.all([panel.waitForEvent('download'), invoiceLink.click()])
    const parser = new PDFParse({ data: new Uint8Array(readFileSync((await download.path()) ?? '')) })
    const invoice = (await parser.getText()).text
    await parser.destroy()
    const number = /INV-\d{6}/.exec((await invoiceLink.textContent()) ?? '')?.[0]
    for (const expected of [
      `Invoice ${number}`,
      'Brass Desk Lamp',
      'Reading Lamp',
      'Discount (coupon LIGHT10)',
      '121.32 USD',
    ]) {
      expect(invoice).toContain(expected)
    }
    // The admin packs and ships it with a tracking number; the timeline shows each step.
    await panel.getByRole('button', { name: 'Pack the whole order' }).click()
    await panel.getByLabel('Carrier').fill('DHL')
    await panel.getByLabel('Tracking number').fill('JD0123456789')
    await panel.getByRole('button', { name: 'Mark as shipped' }).click()
    await expect.poll(() => panel.getByText('DHL JD0123456789').first().isVisible()).toBe(true)
    const timeline = await panel.getByRole('list').filter({ hasText: 'Placed' }).textContent()
    expect(timeline).toMatch(/Placed.*Paid.*Packed.*Shipped/s)
    await screenshot(panel, 'admin-shop-order-shipped')
    // The shopper follows it on the public tracking page, by the number on their emails.
    const orderNumber = (order?.id ?? '').replace(/-/g, '').slice(-8).toUpperCase()
    await page.goto(`${baseUrl}/track?order=${orderNumber}`)
    await page.getByLabel('Email you ordered with').fill('grace@example.com')
    await page.getByRole('button', { name: 'Find my order' }).click()
    await expect
      .poll(() => page.getByRole('heading', { name: `Order #${orderNumber}: On its way` }).isVisible())
      .toBe(true)
    expect(await page.locator('main').textContent()).toContain('DHL, tracking number JD0123456789')
    await screenshot(page, 'shop-track')
    await panel.getByRole('link', { name: 'Products' }).click()
    await expect.poll(() => panel.getByRole('row', { name: /Brass Desk Lamp/ }).textContent()).toContain('3 available')
  }, 180_000)

  it('a shopper who came through an ambassador’s link keeps shopping and pays a cart: the ambassador earns on every line', async () => {
    const { code } = await seedLink(platform, [{ title: 'Tea Light', description: 'A small candle.', price: 4 }])
    const page = await phone()
    await page.goto(`${baseUrl}/c/${code}`)
    await page.getByRole('button', { name: 'Keep shopping in the store' }).click()
    await page.waitForURL(/\/shop$/)
    await page.getByRole('searchbox', { name: 'Search products' }).fill('bookshelf')
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await page.getByRole('button', { name: 'Add to cart: Oak Bookshelf' }).click()
    await expect.poll(() => page.getByRole('link', { name: /^Cart 1 item/ }).isVisible()).toBe(true)
    await page.getByRole('searchbox', { name: 'Search products' }).fill('tea light')
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await page.getByRole('button', { name: 'Add to cart: Tea Light' }).click()
    await expect.poll(() => page.getByRole('link', { name: /^Cart 2 items/ }).isVisible()).toBe(true)

    await page.getByRole('link', { name: /^Cart/ }).click()
    await expect.poll(() => page.getByText(`Shopping with Ada Lovelace’s link ${code}`).isVisible()).toBe(true)
    await fillShippingForm(page, { Email: 'linked@example.com' })
    await page.getByRole('button', { name: /^Pay / }).click()
    await payOnProviderPage(page)
    await platform.drain()

    const admin = api()
    await admin.post('/api/admin/login', TEST_ADMIN)
    const listed = (await admin.get<{ id: string; email: string; code?: string }[]>('/api/admin/orders')).body.find(
      (o) => o.email === 'linked@example.com',
    )
    expect(listed?.code).toBe(code)
    const order = (await admin.get<OrderDetail>(`/api/admin/orders/${listed?.id}`)).body
    // The bookshelf is not on Ada's link: the whole cart earns her 10%.
    expect(order.order_items.map((item) => [item.product_title, item.ambassador_revenue]).sort()).toEqual([
      ['Oak Bookshelf', 21],
      ['Tea Light', 0.4],
    ])
    const ada = api()
    await ada.post('/api/ambassador/login', { email: 'ada@example.com', password: 'ambassador-pw' })
    const stats = (await ada.get<{ code: string; revenue: number }[]>('/api/ambassador/stats')).body
    expect(stats.find((s) => s.code === code)?.revenue).toBe(21.4)
  }, 120_000)

  it('keeps both products a new shopper adds at once (one cart, not two)', async () => {
    const page = await phone()
    await page.goto(`${baseUrl}/shop?q=lamp`)
    await page.getByRole('button', { name: 'Add to cart: Floor Lamp' }).waitFor()
    // Both in the same instant, before any answer came back (two Playwright clicks at once would interleave one mouse).
    await page.evaluate(`for (const title of ['Reading Lamp', 'Floor Lamp'])
      document.querySelector('button[aria-label="Add to cart: ' + title + '"]').click()`)
    // The two adds go one after the other: on a busy machine that takes longer than a poll's default second.
    await expect
      .poll(() => page.getByRole('link', { name: /^Cart 2 items/ }).isVisible(), { timeout: 15_000 })
      .toBe(true)
    await page.goto(`${baseUrl}/cart`)
    await expect
      .poll(async () => (await page.getByRole('heading', { level: 3 }).allTextContents()).sort(), { timeout: 15_000 })
      .toEqual(['Floor Lamp', 'Reading Lamp'])
  }, 60_000)
})
