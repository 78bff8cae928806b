import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Clock } from '@ambassador/kit/clock/clock'
import type { Env } from '@ambassador/kit/config/config'
import { findFreePort } from '@ambassador/kit/process/process'
import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { type Browser, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { customerOrder, startWholePlatform, TEST_ADMIN, WEB_DIST } from '../apps/server/src/testing.ts'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Browser tests run where Chromium is installed; TEST_REQUIRE=browser (CI) makes a missing one a failure. */
export const browserTestsEnabled = existsSync(CHROMIUM) || (process.env.TEST_REQUIRE ?? '').includes('browser')
const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots', import.meta.url))
// Evaluated through the DevTools protocol, not added as a <script>: the app's Content-Security-Policy allows only its own.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
/** The rules a page is held to: WCAG 2.1 levels A and AA. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }

/** Runs axe-core in the page as it is now and fails the test on any WCAG 2.1 AA violation, naming rule and elements. */
export async function expectAccessible(page: Page, name: string) {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_21_AA)} } }).then((r) => r.violations)`,
  )
  const found = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
  expect(found.join('\n'), `${name}: WCAG 2.1 AA violations at ${page.viewportSize()?.width}px`).toBe('')
}

/**
 * The whole platform with the built web app on a real port, and a headless Chromium to drive it. `hostName` is what
 * the browser calls this machine: WebAuthn (passkeys) needs a domain such as `localhost`, not an IP address. `port`
 * fixes the port, for a test that must tell something outside the address first (an OpenID provider's redirect URI);
 * `env` adds settings.
 */
export async function startBrowserPlatform(
  options: { hostName?: string; port?: number; env?: Env; clock?: Clock } = {},
): Promise<{ platform: TestPlatform; browser: Browser; baseUrl: string }> {
  if (!existsSync(CHROMIUM)) throw new Error(`TEST_REQUIRE asks for a browser but there is no Chromium at ${CHROMIUM}`)
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('the web app is not built: run `npm run build`')
  const port = options.port ?? (await findFreePort())
  const baseUrl = `http://${options.hostName ?? '127.0.0.1'}:${port}`
  const platform = await startWholePlatform(
    { PUBLIC_URL: baseUrl, ...options.env },
    { webApp: true, ...(options.clock && { clock: options.clock }) },
  )
  await platform.app.listen({ port, host: '127.0.0.1' })
  const browser = await launchChromium()
  mkdirSync(SCREENSHOTS, { recursive: true })
  return { platform, browser, baseUrl }
}

/** Debian's Chromium, headless, as the machine notes say to run it: no sandbox as root, no background calls. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`TEST_REQUIRE asks for a browser but there is no Chromium at ${CHROMIUM}`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * Saves a full-page screenshot as a test artifact once the page has loaded, after checking the page fits the screen's width: nothing on
 * it may push the page wider than the viewport (on a phone, that is a page you must scroll sideways to read), and
 * that axe-core finds no WCAG 2.1 AA violation on it.
 */
export async function screenshot(page: Page, name: string) {
  // A page is ready once its lazily loaded code has rendered something and nothing on it is still loading.
  if ((await page.locator('#root').count()) > 0) await page.locator('#root > *').first().waitFor()
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' })
  // From the bottom, a bar that sticks to the screen's bottom edge sits where it ends, not across the content.
  await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)')
  const tooWide = await page.evaluate<string[]>(`(() => {
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth <= width) return []
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))
  })()`)
  expect(tooWide, `${name}: these stick out of a ${page.viewportSize()?.width}px screen`).toEqual([])
  await expectAccessible(page, name)
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/**
 * A store to shop in, made through the API: the admin's products and a link to them by Ada Lovelace (or `person`,
 * registered on first use). Returns the link's code and the products' ids, in the order given.
 */
export async function seedLink(
  platform: TestPlatform,
  products: { title: string; description: string; price: number }[],
  who: { first_name: string; last_name: string; email: string } = {
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada@example.com',
  },
): Promise<{ code: string; productIds: string[] }> {
  const admin = testClient(platform.app)
  await admin.post('/api/admin/login', TEST_ADMIN)
  const productIds: string[] = []
  for (const product of products) {
    const image = demoImage(platform, product.title)
    productIds.push((await admin.post<{ id: string }>('/api/admin/products', { ...product, image })).body.id)
  }
  const ambassador = testClient(platform.app)
  const person = { ...who, password: 'ambassador-pw', password_confirm: 'ambassador-pw' }
  await ambassador.post('/api/ambassador/register', person)
  await ambassador.post('/api/ambassador/login', { email: person.email, password: person.password })
  await platform.drain()
  const link = (await ambassador.post<{ code: string }>('/api/ambassador/links', { products: productIds })).body
  await platform.drain()
  return { code: link.code, productIds }
}

/** A product picture from the demo store's image route, as a real catalog would have one. */
export function demoImage(platform: TestPlatform, title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return `${platform.contexts.get('admin')?.config.publicUrl ?? ''}/demo/products/${slug}.svg`
}

/** Signs an ambassador in through the portal's login form, and waits for the product browser. */
export async function signInAsAmbassador(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/ambassador/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => page.getByRole('heading', { name: 'Products' }).isVisible(), { timeout: 10_000 }).toBe(true)
}

/** The amount a balance card (a KPI) with this label shows. */
export function kpi(page: Page, label: string) {
  return page
    .locator('.kpi', { has: page.getByText(label, { exact: true }) })
    .locator('strong')
    .textContent()
}

/** Signs the test admin in on the login page the browser is on, and waits for the dashboard. */
export async function signInAsAdmin(page: Page) {
  await page.getByLabel('Email').fill(TEST_ADMIN.email)
  await page.getByLabel('Password').fill(TEST_ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => page.getByRole('heading', { name: 'Dashboard' }).isVisible(), { timeout: 10_000 }).toBe(true)
}

/** The checkout's shipping form as a shopper fills it: Charles Babbage in London unless told otherwise. */
export async function fillShippingForm(page: Page, shopper: Partial<Record<ShippingField, string>> = {}) {
  const values: Record<ShippingField, string> = {
    'First name': 'Charles',
    'Last name': 'Babbage',
    Email: 'charles@example.com',
    Address: '1 Engine Way',
    City: 'London',
    'ZIP / postal code': 'NW1',
    Country: 'United Kingdom',
    ...shopper,
  }
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value)
}
type ShippingField = 'First name' | 'Last name' | 'Email' | 'Address' | 'City' | 'ZIP / postal code' | 'Country'

/** A shopper (through the API, not the browser) orders `quantity` of a product through a link and pays with 4242. */
export async function payOrder(platform: TestPlatform, code: string, productId: string, quantity: number) {
  const shopper = testClient(platform.app)
  const session = (
    await shopper.post<{ id: string; url: string }>(
      '/api/checkout/orders',
      customerOrder(code, [{ product_id: productId, quantity }]),
    )
  ).body
  await shopper.post(new URL(session.url).pathname, { card_number: '4242 4242 4242 4242' })
  const confirmed = await shopper.post('/api/checkout/orders/confirm', { source: session.id })
  expect(confirmed.status).toBe(200)
  await platform.drain()
}
