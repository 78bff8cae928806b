import { escapeHtml } from '@ambassador/kit/text/text'

/** The mails that carry a one-time link (its secret in the URL): only their recipient may ever read the link. */
const ONE_TIME_LINK_KINDS: ReadonlySet<string> = new Set(['sign-in-link', 'password-reset'])

/** What a kept copy of such a mail says where its link was. */
export const LINK_LEFT_OUT = '[the one-time link is not kept: it was sent to the recipient only]'

export type MailBodies = { text: string; html: string }

/**
 * A one-time link mail's bodies as they may be kept once it is sent (the mailbox copy of an SMTP send, the mail
 * log): its link left out. Undefined for a mail of another kind, kept as it is. Besides the link, these mails
 * only link to the store's home page (`storeUrl`, the layout's header and footer), so every other address in them
 * is taken for the link, whatever shape the users service gives it.
 */
export function withoutOneTimeLink(kind: string, mail: MailBodies, storeUrl: string): MailBodies | undefined {
  if (!ONE_TIME_LINK_KINDS.has(kind)) return undefined
  const storeHref = escapeHtml(storeUrl)
  const leftOut = escapeHtml(LINK_LEFT_OUT)
  return {
    text: mail.text.replace(ADDRESS, (address) => (address === storeUrl ? address : LINK_LEFT_OUT)),
    html: mail.html
      .replace(ANCHOR, (anchor, href: string) => (href === storeHref ? anchor : `<strong>${leftOut}</strong>`))
      .replace(ADDRESS, (address) => (address === storeHref ? address : leftOut)),
  }
}

/** A web address in text, or in HTML outside a tag's quotes ends it. */
const ADDRESS = /https?:\/\/[^\s"'<>]+/g

/** A whole `<a href="…">…</a>` element, its href (as written, HTML-escaped) captured. */
const ANCHOR = /<a\b[^>]*?\shref="([^"]*)"[^>]*>[\s\S]*?<\/a>/g
