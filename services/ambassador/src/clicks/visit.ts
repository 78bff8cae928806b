import {
  formatReferralCookie,
  parseReferralCookie,
  REFERRAL_COOKIE,
  withinWindow,
} from '@ambassador/contracts/referral'
import { newId } from '@ambassador/kit/ids/ids'
import type { PageVisit } from '@ambassador/kit/service'
import type { AmbassadorContext } from '../stats.ts'
import { classifyVisitor, countryOf, referrerHostOf } from './classify.ts'
import type { Click, ClickRecorder } from './recorder.ts'

/** What the ambassador service adds to its context to count clicks. */
export type ClickTracking = {
  clicks: ClickRecorder
  /** The visitor's pseudonym from their address and user agent (see visitorHasher). */
  hashVisitor: (ip: string, userAgent: string) => string
}

const CODE = /^[A-Za-z0-9_-]{1,64}$/
const LINK_PAGE = '/c/'

/** A referral a page request carries: the link's code, and the query string when there is one. */
export type PageReferral = { code: string; query: URLSearchParams | undefined }

/**
 * The referral in a page's URL: the link's own page `/c/<code>`, or `?ref=<code>` on any page (the link page's code
 * wins when both are there). Undefined for every other page — most pages, found without parsing anything.
 */
export function referralOf(url: string): PageReferral | undefined {
  const linkPage = url.startsWith(LINK_PAGE)
  if (!linkPage && !url.includes('ref=')) return undefined
  const mark = url.indexOf('?')
  const path = mark < 0 ? url : url.slice(0, mark)
  const query = mark < 0 ? undefined : new URLSearchParams(url.slice(mark + 1))
  let code: string | null | undefined
  if (linkPage) {
    const rest = path.slice(LINK_PAGE.length)
    code = rest.endsWith('/') ? rest.slice(0, -1) : rest
  }
  if (!code || !CODE.test(code)) code = query?.get('ref')
  return code && CODE.test(code) ? { code, query } : undefined
}

/**
 * What opening a page does for referrals: unless the request is a bot's, a HEAD or a prefetch, a link's page (or
 * `?ref=`) records a click (when CLICK_TRACKING is on: queued, never waited for) and sets the referral cookie
 * `amb_ref` — the link's code, the click's id and when — for ATTRIBUTION_DAYS. With ATTRIBUTION_MODEL=first a
 * referral cookie still within its window is kept (the click is recorded all the same). The cookie is set with
 * tracking off too: checkout's attribution depends on it, only the recording is optional.
 */
export function referralVisit(ctx: AmbassadorContext & ClickTracking): PageVisit {
  const { attributionDays, attributionModel, clickTracking } = ctx.config
  const cookie = {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: new URL(ctx.config.publicUrl).protocol === 'https:',
    maxAge: attributionDays * 86_400,
  } as const
  return (request, reply) => {
    const referral = referralOf(request.url)
    if (!referral) return
    const visitor = classifyVisitor(request.method, request.headers)
    if (!visitor.counts) return
    const now = ctx.clock.now()
    const id = newId()
    if (clickTracking) {
      const query = referral.query
      const userAgent = request.headers['user-agent'] ?? ''
      const click: Click = {
        id,
        code: referral.code,
        clicked_at: now.toISOString(),
        landing: bounded(request.url, 2_000) ?? '/',
        utm_source: bounded(query?.get('utm_source'), 200),
        utm_medium: bounded(query?.get('utm_medium'), 200),
        utm_campaign: bounded(query?.get('utm_campaign'), 200),
        utm_term: bounded(query?.get('utm_term'), 200),
        utm_content: bounded(query?.get('utm_content'), 200),
        referrer_host: referrerHostOf(request.headers),
        device: visitor.device,
        country: countryOf(request.headers),
        visitor_hash: ctx.hashVisitor(request.ip, userAgent),
      }
      ctx.clicks.record(click)
    }
    if (attributionModel === 'first') {
      const held = parseReferralCookie(request.cookies[REFERRAL_COOKIE])
      if (held && withinWindow(held, now, attributionDays)) return
    }
    reply.setCookie(REFERRAL_COOKIE, formatReferralCookie({ code: referral.code, clickId: id, clickedAt: now }), cookie)
  }
}

/**
 * Text as a column can hold it: no control characters (PostgreSQL refuses NUL), at most `max` characters (never half
 * of a surrogate pair); null when nothing is left. (Decoded query values are well-formed: invalid bytes become U+FFFD.)
 */
function bounded(text: string | null | undefined, max: number): string | null {
  if (!text) return null
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  let clean = text.replace(/[\u0000-\u001f\u007f]/g, '')
  if (clean.length > max) {
    clean = clean.slice(0, max)
    const last = clean.charCodeAt(max - 1)
    if (last >= 0xd800 && last <= 0xdbff) clean = clean.slice(0, -1)
  }
  return clean === '' ? null : clean
}
