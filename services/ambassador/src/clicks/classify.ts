import { isbot } from 'isbot'
import type { DeviceClass } from '../schema.ts'

/** The headers of a page request, as Node hands them over (lower-case names). */
export type RequestHeaders = Record<string, string | string[] | undefined>

/** What kind of page request it is: one a person made (a click), or one that must not count. */
export type Visitor = { counts: true; device: DeviceClass } | { counts: false; why: 'head' | 'prefetch' | 'bot' }

/** Headers with which browsers announce a page fetched ahead of time, not opened by anyone (yet). */
const PURPOSE_HEADERS = ['purpose', 'sec-purpose', 'x-purpose', 'x-moz'] as const
const AHEAD = /prefetch|prerender|preview/i

// A user agent is tested once: the bot list is one large regular expression, and a busy page sees the same few
// browsers again and again. Bounded: cleared when full, so strangers' user agents cannot grow it.
const seen = new Map<string, Visitor>()
const SEEN_LIMIT = 2_000

/**
 * Whether a page request counts as a click, and from what kind of device. Not counted: HEAD requests, prefetches and
 * prerenders (`Purpose`, `Sec-Purpose`, `X-Purpose`, `X-Moz`), bots by their user agent (the isbot list), and requests
 * with no user agent at all (scripts; every browser sends one).
 */
export function classifyVisitor(method: string, headers: RequestHeaders): Visitor {
  if (method === 'HEAD') return { counts: false, why: 'head' }
  for (const name of PURPOSE_HEADERS) {
    const value = headers[name]
    if (value !== undefined && AHEAD.test(String(value))) return { counts: false, why: 'prefetch' }
  }
  const userAgent = single(headers['user-agent']) ?? ''
  const known = seen.get(userAgent)
  if (known) return known
  const visitor: Visitor =
    userAgent.trim() === '' || isbot(userAgent)
      ? { counts: false, why: 'bot' }
      : { counts: true, device: deviceOf(userAgent) }
  if (seen.size >= SEEN_LIMIT) seen.clear()
  seen.set(userAgent, visitor)
  return visitor
}

const TABLET = /iPad|Tablet|PlayBook|Silk|Kindle|Nexus (7|9|10)\b|SM-T\d|Android(?!.*Mobi)/i
const MOBILE = /Mobi|iPhone|iPod|Android|Windows Phone|BlackBerry|BB10|Opera Mini|IEMobile|webOS/i

/** The device class a user agent names: tablets first (an Android tablet says "Android" without "Mobile"). */
export function deviceOf(userAgent: string): DeviceClass {
  if (TABLET.test(userAgent)) return 'tablet'
  if (MOBILE.test(userAgent)) return 'mobile'
  return 'desktop'
}

/** Country headers set by CDNs and proxies in front of us, most specific first. */
const COUNTRY_HEADERS = ['cf-ipcountry', 'cloudfront-viewer-country', 'x-vercel-ip-country', 'x-country-code'] as const

/**
 * The visitor's country (ISO 3166 alpha-2, upper case) from the first country header that names one, else null.
 * Cloudflare's `XX` (unknown) and `T1` (Tor) name none.
 */
export function countryOf(headers: RequestHeaders): string | null {
  for (const name of COUNTRY_HEADERS) {
    const value = single(headers[name])?.trim().toUpperCase()
    if (value && /^[A-Z]{2}$/.test(value) && value !== 'XX') return value
  }
  return null
}

/** The host name of the page that linked here (the Referer header), lower case, or null. */
export function referrerHostOf(headers: RequestHeaders): string | null {
  const referer = single(headers.referer)
  if (!referer) return null
  try {
    const host = new URL(referer).hostname.toLowerCase()
    return host && host.length <= 253 ? host : null
  } catch {
    return null
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
