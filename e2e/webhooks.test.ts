import type { TestPlatform } from '@ambassador/kit/testing/platform'
import { type FakeTwilio, startFakeTwilio } from '@ambassador/notifications/testing/fake-twilio'
import {
  hasValidSignature,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@ambassador/notifications/testing/webhook-receiver'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserTestsEnabled, screenshot, seedLink, signInAsAdmin, startBrowserPlatform } from './browser-platform.ts'

/** Webhooks in the browser: an admin adds an endpoint on a phone, copies its secret, reads the delivery log and resends. */
describe.runIf(browserTestsEnabled)('webhooks in the browser', () => {
  let platform: TestPlatform
  let browser: Browser
  let baseUrl: string
  let receiver: WebhookReceiver
  let twilio: FakeTwilio

  beforeAll(async () => {
    receiver = await startWebhookReceiver()
    twilio = await startFakeTwilio()
    ;({ platform, browser, baseUrl } = await startBrowserPlatform({ env: twilio.env }))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
    await receiver?.close()
    await twilio?.close()
  })

  it('lets an admin add an endpoint, see its secret once, read a failed delivery and resend it', async () => {
    receiver.answer('/hooks', { status: 500, body: 'not yet' })
    const admin = await phone()
    await admin.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(admin)
    await admin.goto(`${baseUrl}/admin/webhooks`)
    await expect.poll(() => admin.getByRole('heading', { name: 'Webhooks', level: 1 }).isVisible()).toBe(true)
    await admin.getByRole('button', { name: 'Add endpoint' }).click()
    await admin.getByLabel('Endpoint URL').fill(receiver.url('/hooks'))
    await admin.getByLabel('product.created').check()
    await screenshot(admin, 'webhooks-form-phone')
    await admin.getByRole('button', { name: 'Save endpoint' }).click()
    const secret = admin.locator('.secret-value')
    await expect.poll(() => secret.count()).toBe(1)
    const shown = (await secret.textContent()) ?? ''
    expect(shown).toMatch(/^whsec_/)
    await screenshot(admin, 'webhooks-secret-phone')

    await seedLink(platform, [{ title: 'Kite', description: 'Red', price: 20 }])
    await platform.drain()
    const [failed] = receiver.requestsTo('/hooks')
    expect(failed && hasValidSignature(failed, shown)).toBe(true)

    await admin.reload()
    await admin.getByRole('button', { name: 'Deliveries' }).click()
    const row = admin.locator('tbody tr', { hasText: 'product.created' })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('HTTP 500')
    await screenshot(admin, 'webhooks-deliveries-phone')

    receiver.answer('/hooks', { status: 200, body: 'ok' })
    await row.getByRole('button', { name: 'Resend' }).click()
    await expect.poll(() => admin.getByText('Sending product.created again').count()).toBe(1)
    await platform.drain()
    await admin.getByRole('button', { name: 'Deliveries' }).click()
    await admin.getByRole('button', { name: 'Deliveries' }).click()
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('delivered')
    expect(await row.textContent()).toContain('HTTP 200')
    const requests = receiver.requestsTo('/hooks')
    expect(requests).toHaveLength(2)
    expect(requests[1]?.headers['ambassador-event-id']).toBe(requests[0]?.headers['ambassador-event-id'])
    await screenshot(admin, 'webhooks-resent-phone')
  })

  it('lets an admin connect a Slack channel on a phone, which then hears of each new ambassador', async () => {
    const admin = await phone()
    await admin.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(admin)
    await admin.goto(`${baseUrl}/admin/webhooks`)
    await admin.getByRole('button', { name: 'Add chat channel' }).click()
    await admin.getByLabel('Service').selectOption('slack')
    await admin.getByLabel('Name').fill('#growth')
    await admin.getByLabel('Incoming webhook URL').fill(receiver.url('/slack'))
    await admin.getByLabel('New order').uncheck()
    await admin.getByLabel('New ambassador').check()
    await screenshot(admin, 'chat-channel-form-phone')
    await admin.getByRole('button', { name: 'Connect channel' }).click()
    const card = admin.getByRole('article', { name: '#growth' })
    await expect.poll(() => card.count()).toBe(1)
    expect(await card.textContent()).toContain('New ambassador')
    expect(await card.textContent()).not.toContain('/slack') // the webhook URL is a secret: only a hint is shown
    await screenshot(admin, 'chat-channels-phone')

    const registered = await fetch(`${baseUrl}/api/ambassador/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        first_name: 'Grace',
        last_name: 'Hopper',
        email: 'grace@example.com',
        password: 'ambassador-pw',
        password_confirm: 'ambassador-pw',
      }),
    })
    expect(registered.status).toBe(201)
    await platform.drain()
    const [message] = receiver.requestsTo('/slack')
    expect(JSON.parse(message?.body ?? '{}').blocks[0].text.text).toBe('New ambassador: Grace Hopper')
  })

  it('lets an admin have new ambassadors texted to two phones, shown only by their last digits, and read why one failed', async () => {
    const admin = await phone()
    await admin.goto(`${baseUrl}/admin/login`)
    await signInAsAdmin(admin)
    await admin.goto(`${baseUrl}/admin/webhooks`)
    await admin.getByRole('button', { name: 'Add chat channel' }).click()
    await admin.getByLabel('Service').selectOption('sms')
    await admin.getByLabel('Name').fill('On call')
    await admin.getByLabel('Phone numbers').fill('0612345678')
    await admin.getByLabel('New order').uncheck()
    await admin.getByLabel('New ambassador').check()
    await admin.getByRole('button', { name: 'Connect channel' }).click()
    await expect.poll(() => admin.getByText('Not a phone number in international form').count()).toBe(1)

    await admin.getByLabel('Phone numbers').fill('+33 6 12 34 56 78\n+1 555 010 0999')
    await screenshot(admin, 'sms-channel-form-phone')
    await admin.getByRole('button', { name: 'Connect channel' }).click()
    const card = admin.getByRole('article', { name: 'On call' })
    await expect.poll(() => card.count()).toBe(1)
    const shown = (await card.textContent()) ?? ''
    expect(shown).toContain('(SMS)')
    expect(shown).toContain('+••••••••678')
    expect(shown).not.toContain('612345')
    await screenshot(admin, 'sms-channels-phone')

    // Twilio refuses the second number for good: its text fails at once, with Twilio's reason.
    twilio.refuseNext({
      status: 400,
      code: 21211,
      message: "The 'To' number +15550100999 is not a valid phone number.",
      to: '+15550100999',
    })
    const registered = await fetch(`${baseUrl}/api/ambassador/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        first_name: 'Katherine',
        last_name: 'Johnson',
        email: 'katherine@example.com',
        password: 'ambassador-pw',
        password_confirm: 'ambassador-pw',
      }),
    })
    expect(registered.status).toBe(201)
    await platform.drain()
    expect(twilio.messagesTo('+33612345678').map((message) => message.body)).toEqual([
      'Ambassador: New ambassador: Katherine Johnson. Katherine Johnson joined the ambassador program.',
    ])
    expect(twilio.messagesTo('+15550100999')).toEqual([])

    await card.getByRole('button', { name: 'Deliveries' }).click()
    const refused = card.locator('tbody tr', { hasText: '+••••••••999' })
    await expect.poll(() => refused.count()).toBe(1)
    const refusal = (await refused.textContent()) ?? ''
    expect(refusal).toContain('failed')
    expect(refusal).toContain("HTTP 400 (code 21211): The 'To' number +••••••••999 is not a valid phone number.")
    expect(await card.locator('tbody tr', { hasText: '+••••••••678' }).textContent()).toContain('delivered')
    await screenshot(admin, 'sms-deliveries-phone')
  })

  function phone(): Promise<Page> {
    return browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })
  }
})
