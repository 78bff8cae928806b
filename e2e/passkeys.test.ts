import { testClient } from '@ambassador/kit/testing/http-client'
import type { TestPlatform } from '@ambassador/kit/testing/platform'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserTestsEnabled, screenshot, startBrowserPlatform } from './browser-platform.ts'

const SHOPPER = {
  first_name: 'Grace',
  last_name: 'Hopper',
  email: 'grace.passkey@example.com',
  password: 'shopper-password',
  password_confirm: 'shopper-password',
}

/**
 * Passkeys in a real browser, with Chromium's virtual authenticator standing in for a phone's screen lock: a shopper
 * adds one on the security page, signs out, and signs back in with it alone.
 */
describe.runIf(browserTestsEnabled)('passkeys in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    // A passkey belongs to a domain: the shop is reached as localhost, which WebAuthn accepts, not as 127.0.0.1.
    ;({ platform, browser, baseUrl } = await startBrowserPlatform({ hostName: 'localhost' }))
    expect((await testClient(platform.app).post('/api/store/register', SHOPPER)).status).toBe(201)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  /** A phone-sized page whose browser holds a platform authenticator that verifies its user (a fingerprint). */
  async function phoneWithAuthenticator(): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('WebAuthn.enable', { enableUI: false })
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    })
    return { page, cdp, authenticatorId }
  }

  it('adds a passkey on the security page, then signs the shopper in with it after signing out', async () => {
    const { page, cdp, authenticatorId } = await phoneWithAuthenticator()
    await page.goto(`${baseUrl}/account/sign-in`)
    await page.getByLabel('Email', { exact: true }).fill(SHOPPER.email)
    await page.getByLabel('Password', { exact: true }).fill(SHOPPER.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('heading', { name: 'Hello, Grace' }).waitFor()

    await page.getByRole('link', { name: 'Profile and security' }).click()
    const passkeys = page.getByRole('region', { name: 'Passkeys' })
    await passkeys.getByText('You have no passkeys yet.').waitFor()
    await passkeys.getByLabel('Name for a new passkey (optional)').fill('My phone')
    await passkeys.getByRole('button', { name: 'Add a passkey' }).click()
    await passkeys.getByRole('status').getByText('Passkey “My phone” added').waitFor()
    const listed = passkeys.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem')
    await expect.poll(() => listed.allInnerTexts()).toEqual([expect.stringMatching(/My phone[\s\S]*not used yet/)])
    // The authenticator holds it as a discoverable credential for this shop, under the shopper's account.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    expect(credentials).toEqual([expect.objectContaining({ isResidentCredential: true, rpId: 'localhost' })])
    await screenshot(page, 'passkeys-security-page')

    await page.goto(`${baseUrl}/account`)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${baseUrl}/account/sign-in`)
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor()
    await screenshot(page, 'passkeys-sign-in-page')

    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await page.waitForURL(`${baseUrl}/account`)
    await page.getByRole('heading', { name: 'Hello, Grace' }).waitFor()

    await page.getByRole('link', { name: 'Profile and security' }).click()
    await expect.poll(() => listed.allInnerTexts()).toEqual([expect.stringMatching(/My phone[\s\S]*last used/)])
    await page.close()
  })

  it('says so in words when the browser has no passkey to offer, and signs nobody in', async () => {
    const { page } = await phoneWithAuthenticator() // a new authenticator: it holds no passkey for the shop
    await page.goto(`${baseUrl}/account/sign-in?next=${encodeURIComponent('/account/security')}`)
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await page.getByRole('alert').getByText('cancelled or timed out').waitFor()
    expect(new URL(page.url()).pathname).toBe('/account/sign-in')
    await page.close()
  })
})
