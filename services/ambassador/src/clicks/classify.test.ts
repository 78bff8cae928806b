import { describe, expect, it } from 'vitest'
import { classifyVisitor, countryOf, deviceOf, referrerHostOf } from './classify.ts'
import { referralOf } from './visit.ts'

const CHROME_DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const CHROME_ANDROID_PHONE =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36'
const CHROME_ANDROID_TABLET =
  'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const SAFARI_IPAD =
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

describe('which page requests count as clicks', () => {
  it('counts a browser opening the page, with its device class', () => {
    expect(classifyVisitor('GET', { 'user-agent': CHROME_DESKTOP })).toEqual({ counts: true, device: 'desktop' })
    expect(classifyVisitor('GET', { 'user-agent': SAFARI_IPHONE })).toEqual({ counts: true, device: 'mobile' })
  })

  it.each([
    ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['Bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
    ['a link preview', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
    ['Slack unfurling', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
    ['curl', 'curl/8.5.0'],
    ['a headless browser', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0.0.0 Safari/537.36'],
    ['no user agent at all', ''],
  ])('does not count %s', (_name, userAgent) => {
    expect(classifyVisitor('GET', { 'user-agent': userAgent })).toEqual({ counts: false, why: 'bot' })
  })

  it('does not count a request without a user-agent header', () => {
    expect(classifyVisitor('GET', {})).toEqual({ counts: false, why: 'bot' })
  })

  it('does not count a HEAD request, even from a browser', () => {
    expect(classifyVisitor('HEAD', { 'user-agent': CHROME_DESKTOP })).toEqual({ counts: false, why: 'head' })
  })

  it.each([
    ['Purpose', 'purpose', 'prefetch'],
    ['Sec-Purpose', 'sec-purpose', 'prefetch'],
    ['Sec-Purpose (prerender)', 'sec-purpose', 'prefetch;prerender'],
    ['X-Moz', 'x-moz', 'prefetch'],
    ["Safari's X-Purpose", 'x-purpose', 'preview'],
  ])('does not count a page fetched ahead of time (%s)', (_name, header, value) => {
    expect(classifyVisitor('GET', { 'user-agent': CHROME_DESKTOP, [header]: value })).toEqual({
      counts: false,
      why: 'prefetch',
    })
  })
})

describe('what a click says about its visitor', () => {
  it.each([
    [CHROME_DESKTOP, 'desktop'],
    [SAFARI_IPHONE, 'mobile'],
    [CHROME_ANDROID_PHONE, 'mobile'],
    [CHROME_ANDROID_TABLET, 'tablet'],
    [SAFARI_IPAD, 'tablet'],
  ])('tells the device class of %s', (userAgent, device) => {
    expect(deviceOf(userAgent)).toBe(device)
  })

  it('reads the country from the first country header that names one, and none from unknown or Tor', () => {
    expect(countryOf({ 'cf-ipcountry': 'de' })).toBe('DE')
    expect(countryOf({ 'cloudfront-viewer-country': 'FR' })).toBe('FR')
    expect(countryOf({ 'x-country-code': 'GB' })).toBe('GB')
    expect(countryOf({ 'cf-ipcountry': 'XX', 'x-country-code': 'NL' })).toBe('NL')
    expect(countryOf({ 'cf-ipcountry': 'T1' })).toBeNull()
    expect(countryOf({ 'x-country-code': 'Germany' })).toBeNull()
    expect(countryOf({})).toBeNull()
  })

  it('keeps only the host of the referring page', () => {
    expect(referrerHostOf({ referer: 'https://www.Instagram.com/p/abc?igshid=1' })).toBe('www.instagram.com')
    expect(referrerHostOf({ referer: 'not a url' })).toBeNull()
    expect(referrerHostOf({})).toBeNull()
  })
})

describe('the referral a page URL carries', () => {
  it('is the code of a link page, with its query', () => {
    const referral = referralOf('/c/Ab3dEf9h?utm_source=instagram')
    expect(referral?.code).toBe('Ab3dEf9h')
    expect(referral?.query?.get('utm_source')).toBe('instagram')
    expect(referralOf('/c/Ab3dEf9h/')?.code).toBe('Ab3dEf9h')
  })

  it('is ?ref= on any page, and the link page’s own code when both are there', () => {
    expect(referralOf('/shop/lamps?ref=Ab3dEf9h&utm_medium=social')?.code).toBe('Ab3dEf9h')
    expect(referralOf('/?ref=Ab3dEf9h')?.code).toBe('Ab3dEf9h')
    expect(referralOf('/c/Ab3dEf9h?ref=Zz9zZz9z')?.code).toBe('Ab3dEf9h')
  })

  it('is nothing on other pages, or for a code no link could have', () => {
    expect(referralOf('/shop/lamps')).toBeUndefined()
    expect(referralOf('/c/')).toBeUndefined()
    expect(referralOf('/c/abc/extra')).toBeUndefined()
    expect(referralOf('/c/a%20b')).toBeUndefined()
    expect(referralOf('/?xref=Ab3dEf9h')).toBeUndefined()
    expect(referralOf(`/?ref=${'x'.repeat(65)}`)).toBeUndefined()
  })
})
