import type { AccountLinkData } from '@ambassador/contracts/events'
import { button, html, layoutEmail, type RenderedEmail, type Store } from './templates.ts'

const minutesLeft = (link: AccountLinkData, sentAt: string) =>
  Math.max(1, Math.round((Date.parse(link.expires_at) - Date.parse(sentAt)) / 60_000))

/** A shopper's sign-in link: one click signs them in (or opens their account), once, for a quarter hour. */
export function signInLinkEmail(link: AccountLinkData, sentAt: string, store: Store): RenderedEmail {
  const minutes = minutesLeft(link, sentAt)
  const hello = link.first_name ? `Hi ${link.first_name},` : 'Hi,'
  const what = link.first_name
    ? `Here is your link to sign in to ${store.name}.`
    : `Here is your link to open your account at ${store.name}.`
  const rule = `It works once, for ${minutes} minutes.`
  const notYou = 'If you did not ask for it, ignore this email: nobody can sign in without the link.'
  return layoutEmail(store, {
    subject: link.first_name ? `Your ${store.name} sign-in link` : `Open your ${store.name} account`,
    heading: link.first_name ? 'Sign in' : 'Open your account',
    preview: `${what} ${rule}`,
    text: [hello, '', `${what} ${rule}`, '', link.url, '', notYou],
    html: html`<p style="margin:0 0 16px">${hello}</p>
<p style="margin:0 0 16px">${what} ${rule}</p>
${button(link.url, link.first_name ? 'Sign in' : 'Open my account')}
<p style="margin:24px 0 0">${notYou}</p>`,
    reason: `You receive this email because someone asked for a sign-in link for this address at ${store.name}.`,
  })
}

/** A password reset link, for any kind of account: once, for half an hour; the new password ends every session. */
export function passwordResetEmail(link: AccountLinkData, sentAt: string, store: Store): RenderedEmail {
  const minutes = minutesLeft(link, sentAt)
  const hello = link.first_name ? `Hi ${link.first_name},` : 'Hi,'
  const what = `Someone (we hope you) asked to reset the password of your ${store.name} account.`
  const rule = `The link works once, for ${minutes} minutes; choosing a new password signs you out everywhere else.`
  const notYou = 'If you did not ask for it, ignore this email: your password stays as it is.'
  return layoutEmail(store, {
    subject: `Reset your ${store.name} password`,
    heading: 'Reset your password',
    preview: `${what} ${rule}`,
    text: [hello, '', what, rule, '', link.url, '', notYou],
    html: html`<p style="margin:0 0 16px">${hello}</p>
<p style="margin:0 0 16px">${what} ${rule}</p>
${button(link.url, 'Choose a new password')}
<p style="margin:24px 0 0">${notYou}</p>`,
    reason: `You receive this email because a password reset was asked for this address at ${store.name}.`,
  })
}
