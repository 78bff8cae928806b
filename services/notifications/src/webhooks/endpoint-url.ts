import { isIP } from 'node:net'
import { badRequest } from '@ambassador/kit/errors/errors'

/** The longest endpoint URL accepted. */
export const MAX_URL_LENGTH = 2_048

/**
 * Checks an endpoint URL an admin gave and returns it normalized; refuses what is obviously wrong with a 400:
 * not https (plain http only to this machine, below), credentials or a fragment in it, a host that is a private,
 * link-local (cloud metadata), multicast or unspecified address. Loopback (localhost, 127.0.0.0/8, ::1) is a
 * developer's own receiver: accepted only while the store itself runs on loopback (PUBLIC_URL), over http or https.
 * A host name is not resolved here, so a public name pointing at a private address is not caught (known limit).
 */
export function checkEndpointUrl(raw: string, publicUrl: string): string {
  const text = raw.trim()
  if (text.length > MAX_URL_LENGTH) throw invalid(`The URL is longer than ${MAX_URL_LENGTH} characters`)
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw invalid('The URL is not a valid absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('The URL must start with https://')
  if (url.username || url.password) throw invalid('The URL must not contain a user name or password')
  if (url.hash) throw invalid('The URL must not contain a fragment (#…)')
  const host = hostOf(url)
  if (host === '') throw invalid('The URL has no host')
  const loopback = isLoopback(host)
  if (loopback) {
    if (!isLoopback(hostOf(new URL(publicUrl)))) {
      throw invalid('The URL points at this machine (loopback), which only a store running on localhost may use')
    }
    return url.toString()
  }
  if (url.protocol !== 'https:') throw invalid('The URL must start with https:// (plain http only to localhost)')
  if (isForbiddenAddress(host)) throw invalid('The URL points at a private, link-local or reserved address')
  if (!host.includes('.') && isIP(host) === 0) throw invalid('The URL host must be a full domain name')
  return url.toString()
}

function invalid(message: string) {
  return badRequest(message, 'invalid_webhook_url')
}

/** The host without IPv6 brackets, lower case. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1' || host === '::ffff:127.0.0.1' || /^::ffff:7f/.test(host)
}

function isForbiddenAddress(host: string): boolean {
  const version = isIP(host)
  if (version === 4) {
    const [a = 0, b = 0] = host.split('.').map(Number)
    return (
      a === 0 ||
      a === 10 ||
      (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
      (a === 169 && b === 254) || // link-local, cloud metadata
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224 // multicast and reserved
    )
  }
  if (version === 6) {
    return (
      host === '::' ||
      host.startsWith('fc') ||
      host.startsWith('fd') || // unique local
      /^fe[89ab]/.test(host) || // link-local
      host.startsWith('ff') || // multicast
      host.startsWith('::ffff:') // IPv4-mapped: checked as IPv4 would be, so refused rather than guessed
    )
  }
  return host.endsWith('.internal') || host.endsWith('.local')
}
