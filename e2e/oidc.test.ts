import { findFreePort } from '@ambassador/kit/process/process'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOidcProvider, type TestOidcProvider } from '../services/users/src/testing/oidc-provider.ts'
import { browserTestsEnabled, screenshot, startBrowserPlatform } from './browser-platform.ts'

const GRACE = { email: 'grace.oidc@example.com', email_verified: true, given_name: 'Grace', family_name: 'Hopper' }

/**
 * Signing in with an OpenID Connect provider in a real browser: a real provider (oidc-provider, its development
 * sign-in and consent pages) on this machine; the shopper on a phone starts from the shop's sign-in page, signs in
 * and consents there, and comes back signed in.
 */
describe.runIf(browserTestsEnabled)('signing in with an OpenID Connect provider in the browser', () => {
  let provider: TestOidcProvider
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    // The provider must know the shop's callback before the shop knows the provider: the shop's port comes first.
    const port = await findFreePort()
    provider = await startOidcProvider({
      redirectUris: [`http://127.0.0.1:${port}/api/store/oidc/example/callback`],
      users: { grace: GRACE },
    })
    ;({ platform, browser, baseUrl } = await startBrowserPlatform({
      port,
      env: { OIDC_PROVIDERS: 'example', ...provider.env('example', 'Example ID') },
    }))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
    await provider?.close()
  })

  const phone = () => browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  /** Opens the shop's sign-in page and waits for the provider's button. */
  async function openSignIn(page: Page) {
    await page.goto(`${baseUrl}/account/sign-in`)
    const button = page.getByRole('link', { name: 'Sign in with Example ID' })
    await button.waitFor()
    return button
  }

  /** Follows the button to the provider's own sign-in page. */
  async function goToProvider(page: Page) {
    await (await openSignIn(page)).click()
    await page.waitForURL((url) => url.origin === provider.issuer)
  }

  it('a shopper signs in at the provider, consents, and lands on their account signed in', async () => {
    const page = await phone()
    const button = await openSignIn(page)
    await screenshot(page, 'oidc-sign-in-page')

    await button.click()
    await page.waitForURL((url) => url.origin === provider.issuer)
    // The provider's development pages: any login names the user, any password will do.
    await page.locator('input[name="login"]').fill('grace')
    await page.locator('input[name="password"]').fill('any password')
    await page.locator('button[type="submit"]').click()
    await page.getByRole('button', { name: 'Continue' }).click()

    await page.waitForURL(`${baseUrl}/account`)
    await page.getByRole('heading', { name: 'Hello, Grace' }).waitFor()
    await expect.poll(() => page.getByText(`Signed in as ${GRACE.email}`).isVisible()).toBe(true)
    await screenshot(page, 'oidc-signed-in-account')

    const session = (await page.context().cookies(baseUrl)).find((cookie) => cookie.name === 'jwt')
    expect(session?.httpOnly).toBe(true)
    const me = await platform.app.inject({
      method: 'GET',
      url: '/api/store/user',
      cookies: { jwt: session?.value ?? '' },
    })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', email: GRACE.email })
    await page.close()
  })

  it("a shopper sent to the callback of someone else's sign-in is told to start again, not signed in as them", async () => {
    // Someone signs in at the provider as themselves and stops before coming back to the shop…
    provider.users.set('mallory', { email: 'mallory.oidc@example.com', email_verified: true, name: 'Mal Lory' })
    const started = await platform.app.inject({ method: 'GET', url: '/api/store/oidc/example/start' })
    const back = await provider.signIn(String(started.headers.location), 'mallory')
    // …and gets the shopper's browser to open the link back.
    const page = await phone()
    await page.goto(back.href)

    await page.waitForURL(`${baseUrl}/account/sign-in?error=browser_mismatch`)
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('That sign-in was started in another browser or tab, so we did not finish it. Please start again here.')
    await screenshot(page, 'oidc-sign-in-browser-mismatch')
    expect((await page.context().cookies(baseUrl)).some((cookie) => cookie.name === 'jwt')).toBe(false)
    await page.close()
  })

  it('a shopper who cancels at the provider is told so on the sign-in page, still signed out', async () => {
    const page = await phone()
    await goToProvider(page)
    await page.getByRole('link', { name: '[ Cancel ]' }).click()

    await page.waitForURL(`${baseUrl}/account/sign-in?error=cancelled`)
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Signing in was cancelled. Nothing changed; try again, or use another way in.')
    await screenshot(page, 'oidc-sign-in-cancelled')
    expect((await page.context().cookies(baseUrl)).some((cookie) => cookie.name === 'jwt')).toBe(false)
    await page.close()
  })
})
