import type { AccountLinkData } from '@ambassador/contracts/events'
import { describe, expect, it } from 'vitest'
import { passwordResetEmail, signInLinkEmail } from './account-templates.ts'
import { LINK_LEFT_OUT, withoutOneTimeLink } from './one-time-links.ts'
import { welcomeEmail } from './templates.ts'

const store = { name: 'Acme Shop', url: 'https://shop.example.com' }
const secret = 'Zs3cr3t-T0ken_abcdefghijklmnopqrstuvwxyz0123'
const sentAt = '2026-01-01T10:00:00.000Z'

function linkTo(url: string, firstName: string | null = 'Grace'): AccountLinkData {
  return { email: 'grace@example.com', first_name: firstName, role: 'shopper', url, expires_at: '2026-01-01T10:15:00Z' }
}

describe.each([
  ['sign-in-link', signInLinkEmail, `${store.url}/account/magic?token=${secret}&next=%2Faccount%2Forders`],
  ['sign-in-link', signInLinkEmail, `${store.url}/account/magic#token=${secret}`],
  ['sign-in-link', signInLinkEmail, `${store.url}/account/magic/${secret}`],
  ['password-reset', passwordResetEmail, `${store.url}/admin/reset-password?token=${secret}`],
] as const)('a %s mail without its link (%#)', (kind, render, url) => {
  const mail = render(linkTo(url), sentAt, store)
  const kept = withoutOneTimeLink(kind, mail, store.url)

  it('keeps neither the link nor its secret, in text or HTML', () => {
    expect(mail.text).toContain(url)
    expect(mail.html).toContain(secret)
    expect(kept?.text).not.toContain(secret)
    expect(kept?.html).not.toContain(secret)
    expect(kept?.text).not.toContain('token=')
    expect(kept?.html).not.toContain('token=')
  })

  it('says where the link went, and keeps the rest of the mail as it was, the store links included', () => {
    expect(kept?.text).toBe(mail.text.replace(url, LINK_LEFT_OUT))
    expect(kept?.html).toContain(LINK_LEFT_OUT)
    expect(kept?.html).toContain(`href="${store.url}"`)
    expect(kept?.html).toContain('If you did not ask for it, ignore this email')
    expect(kept?.html.match(/<a\b/g)).toHaveLength(2)
  })
})

describe('mails without a one-time link', () => {
  it('are kept as they were sent', () => {
    const welcome = welcomeEmail({ firstName: 'Ada' }, store)
    expect(withoutOneTimeLink('welcome', welcome, store.url)).toBeUndefined()
  })
})
