import type {
  LinkClicksRecordedData,
  OrderCommissionRestoredData,
  OrderCompletedData,
} from '@ambassador/contracts/events'
import type { ClickHealth, ClickStats, LinkFlags } from '@ambassador/contracts/http'
import { parseReferralCookie, REFERRAL_COOKIE } from '@ambassador/contracts/referral'
import type { Env } from '@ambassador/kit/config/config'
import { openDatabase } from '@ambassador/kit/db/database'
import { newId } from '@ambassador/kit/ids/ids'
import { createLogger } from '@ambassador/kit/log/log'
import { type PlatformOptions, startPlatform } from '@ambassador/kit/platform'
import { testConfig } from '@ambassador/kit/testing/config'
import { createTestDatabase } from '@ambassador/kit/testing/database'
import { testAdapters } from '@ambassador/kit/testing/external'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completedOrder, logInAdmin, productData, publishProducts, signUpAmbassador } from '../fixtures.ts'
import { ambassadorService } from '../index.ts'
import { refundedOrder } from '../ledger/test-events.ts'
import { clicks, conversions, links, outbox } from '../schema.ts'
import type { AmbassadorContext } from '../stats.ts'
import { type Click, type ClickRecorder, createClickRecorder } from './recorder.ts'
import type { ClickTracking } from './visit.ts'

const DAY_MS = 86_400_000
/** Noon UTC today: no test straddles midnight. Tests move `now` to click or sell on other days. */
const TODAY = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS / 2)
let now = TODAY
const clock = { now: () => new Date(now) }
const day = (daysAgo: number) => new Date(TODAY.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10)

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'

const mug = productData({ title: 'Mug', price_minor: 1250 })

/**
 * A stand-in for the web app's page route: a page that runs what the services do when a page is opened, as
 * apps/server's web-app.ts does (the real one is exercised in apps/server's clicks test).
 */
const pages: PlatformOptions['routes'] = (app, { pageVisits }) => {
  app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    for (const visit of pageVisits) visit(request, reply)
    return reply.type('text/html; charset=utf-8').send('<!doctype html><title>shop</title>')
  })
}

/** The ambassador service alone, with pages, and the mug in its catalog. */
async function startWithPages(env: Env = {}): Promise<TestPlatform> {
  const platform = await startTestPlatform([ambassadorService], env, { clock, routes: pages })
  await publishProducts(platform, [mug])
  return platform
}

type Visit = { ua?: string; ip?: string; headers?: Record<string, string>; cookie?: string; method?: 'GET' | 'HEAD' }

/** Opens a page as a browser would: its user agent, address, headers and the referral cookie it holds. */
async function open(platform: TestPlatform, url: string, visit: Visit = {}) {
  const response = await platform.app.inject({
    method: visit.method ?? 'GET',
    url,
    remoteAddress: visit.ip ?? '203.0.113.7',
    headers: {
      'user-agent': visit.ua ?? IPHONE,
      ...(visit.cookie ? { cookie: `${REFERRAL_COOKIE}=${visit.cookie}` } : {}),
      ...visit.headers,
    },
  })
  const set = response.cookies.find((c) => c.name === REFERRAL_COOKIE)
  return { response, cookie: set, referral: parseReferralCookie(set?.value) }
}

function contextOf(platform: TestPlatform) {
  const ctx = platform.contexts.get('ambassador') as AmbassadorContext | undefined
  if (!ctx) throw new Error('the ambassador service is not running')
  return ctx
}

/** The clicks stored for a link code, oldest first (after the recorder wrote what it queued). */
async function storedClicks(platform: TestPlatform, code: string) {
  await platform.drain()
  return contextOf(platform).db.select().from(clicks).where(eq(clicks.code, code)).orderBy(asc(clicks.id))
}

async function newLink(person: Awaited<ReturnType<typeof signUpAmbassador>>) {
  const created = await person.client.post<{ id: string; code: string; user_id: string }>('/api/ambassador/links', {
    products: [mug.id],
  })
  expect(created.status).toBe(201)
  return created.body
}

describe('opening a link records a click and sets the referral cookie', () => {
  let platform: TestPlatform
  beforeAll(async () => {
    platform = await startWithPages({ ATTRIBUTION_DAYS: '14' })
  })
  afterAll(() => platform?.close())

  it('keeps the click with its link, landing page, UTM parameters, referrer, device and country — and no address', async () => {
    const ada = await signUpAmbassador(platform)
    const link = await newLink(ada)
    const landing = `/c/${link.code}?utm_source=instagram&utm_medium=social&utm_campaign=spring&utm_term=mugs&utm_content=story`
    const { referral } = await open(platform, landing, {
      headers: { referer: 'https://l.Instagram.com/?u=x', 'cf-ipcountry': 'de' },
    })
    const [click, ...more] = await storedClicks(platform, link.code)
    expect(more).toEqual([])
    expect(click).toMatchObject({
      id: referral?.clickId,
      linkId: link.id,
      ambassadorId: ada.id,
      code: link.code,
      landing,
      utmSource: 'instagram',
      utmMedium: 'social',
      utmCampaign: 'spring',
      utmTerm: 'mugs',
      utmContent: 'story',
      referrerHost: 'l.instagram.com',
      device: 'mobile',
      country: 'DE',
    })
    expect(new Date(click?.clickedAt ?? 0).getTime()).toBe(now.getTime())
    expect(click?.visitorHash).toMatch(/^[\w-]{22}$/)
    expect(JSON.stringify(click)).not.toContain('203.0.113.7')
  })

  it('sets amb_ref to the link, the click and when: HttpOnly, SameSite=Lax, Path=/, for ATTRIBUTION_DAYS, not Secure over http', async () => {
    const ada = await signUpAmbassador(platform)
    const link = await newLink(ada)
    const { cookie, referral, response } = await open(platform, `/c/${link.code}`)
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe('<!doctype html><title>shop</title>')
    expect(referral).toEqual({ code: link.code, clickId: expect.any(String), clickedAt: new Date(now) })
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 14 * 86_400 })
    expect(cookie?.secure).toBeFalsy()
  })

  it('takes ?ref=<code> on any page as the link', async () => {
    const ada = await signUpAmbassador(platform)
    const link = await newLink(ada)
    const { referral } = await open(platform, `/shop/mugs?ref=${link.code}&utm_source=newsletter`)
    expect(referral?.code).toBe(link.code)
    expect(await storedClicks(platform, link.code)).toEqual([
      expect.objectContaining({ id: referral?.clickId, landing: `/shop/mugs?ref=${link.code}&utm_source=newsletter` }),
    ])
  })

  it('replaces the cookie with the latest link opened (ATTRIBUTION_MODEL=last, the default)', async () => {
    const ada = await signUpAmbassador(platform)
    const [first, second] = [await newLink(ada), await newLink(ada)]
    const before = await open(platform, `/c/${first.code}`)
    const after = await open(platform, `/c/${second.code}`, { cookie: before.cookie?.value })
    expect(after.referral?.code).toBe(second.code)
  })

  it.each([
    ['a bot', { ua: GOOGLEBOT }],
    ['a HEAD request', { method: 'HEAD' as const }],
    ['a prefetch', { headers: { 'sec-purpose': 'prefetch' } }],
    ['a Firefox prefetch', { headers: { 'x-moz': 'prefetch' } }],
  ])('neither counts nor sets the cookie for %s', async (_name, visit) => {
    const ada = await signUpAmbassador(platform)
    const link = await newLink(ada)
    const { cookie, response } = await open(platform, `/c/${link.code}`, visit)
    expect(response.statusCode).toBe(200)
    expect(cookie).toBeUndefined()
    expect(await storedClicks(platform, link.code)).toEqual([])
  })

  it('stores nothing for a code no link has, and counts it', async () => {
    const admin = await logInAdmin(platform)
    const before = (await admin.get<ClickHealth>('/api/admin/clicks/health')).body
    await open(platform, '/c/NoSuchLink')
    expect(await storedClicks(platform, 'NoSuchLink')).toEqual([])
    const after = (await admin.get<ClickHealth>('/api/admin/clicks/health')).body
    expect(after).toMatchObject({ tracking: true, queued: 0, unknown_code: before.unknown_code + 1, dropped: 0 })
  })

  it('leaves pages without a referral alone', async () => {
    const { cookie, response } = await open(platform, '/shop/mugs?utm_source=instagram')
    expect(response.statusCode).toBe(200)
    expect(cookie).toBeUndefined()
  })
})

describe('ATTRIBUTION_MODEL=first', () => {
  let platform: TestPlatform
  beforeAll(async () => {
    platform = await startWithPages({ ATTRIBUTION_MODEL: 'first', PUBLIC_URL: 'https://shop.example.com' })
  })
  afterAll(() => {
    now = TODAY
    return platform?.close()
  })

  it('keeps the first link’s cookie while it is within the window, and still records the later click', async () => {
    const ada = await signUpAmbassador(platform)
    const [first, second] = [await newLink(ada), await newLink(ada)]
    const opened = await open(platform, `/c/${first.code}`)
    expect(opened.cookie?.secure).toBe(true) // PUBLIC_URL is https
    const again = await open(platform, `/c/${second.code}`, { cookie: opened.cookie?.value })
    expect(again.cookie).toBeUndefined()
    expect(await storedClicks(platform, second.code)).toHaveLength(1)
  })

  it('replaces a cookie whose window has passed, or one that is not ours', async () => {
    const ada = await signUpAmbassador(platform)
    const [first, second] = [await newLink(ada), await newLink(ada)]
    now = new Date(TODAY.getTime() - 31 * DAY_MS)
    const old = await open(platform, `/c/${first.code}`)
    now = TODAY
    expect((await open(platform, `/c/${second.code}`, { cookie: old.cookie?.value })).referral?.code).toBe(second.code)
    expect((await open(platform, `/c/${second.code}`, { cookie: 'forged' })).referral?.code).toBe(second.code)
  })
})

describe('CLICK_TRACKING=false', () => {
  let platform: TestPlatform
  beforeAll(async () => {
    platform = await startWithPages({ CLICK_TRACKING: 'false' })
  })
  afterAll(() => platform?.close())

  it('records no click but still sets the referral cookie (attribution does not depend on tracking)', async () => {
    const ada = await signUpAmbassador(platform)
    const link = await newLink(ada)
    const { referral } = await open(platform, `/c/${link.code}`)
    expect(referral?.code).toBe(link.code)
    expect(await storedClicks(platform, link.code)).toEqual([])
    const admin = await logInAdmin(platform)
    expect((await admin.get<ClickHealth>('/api/admin/clicks/health')).body).toMatchObject({
      tracking: false,
      recorded: 0,
    })
  })
})

describe('the click recorder', () => {
  let platform: TestPlatform
  let code: string
  beforeAll(async () => {
    platform = await startWithPages()
    code = (await newLink(await signUpAmbassador(platform))).code
  })
  afterAll(() => platform?.close())

  /** A recorder of its own on the service's database and outbox. */
  const recorderOf = (options: Partial<Parameters<typeof createClickRecorder>[0]> = {}): ClickRecorder => {
    const ctx = contextOf(platform)
    return createClickRecorder({ db: ctx.db, outbox: ctx.outbox, log: createLogger('silent'), ...options })
  }

  /** Where the outbox ends now: the batches announced after it are the ones a test made. */
  async function outboxEnd() {
    const [last] = await contextOf(platform)
      .db.select({ position: sql<number>`coalesce(max(${outbox.position}), 0)`.mapWith(Number) })
      .from(outbox)
    return last?.position ?? 0
  }

  /** The link.clicks_recorded events announced after `since`, oldest first. */
  async function announcedBatches(since: number) {
    const rows = await contextOf(platform)
      .db.select({ key: outbox.key, data: outbox.data })
      .from(outbox)
      .where(and(eq(outbox.type, 'link.clicks_recorded'), gt(outbox.position, since)))
      .orderBy(asc(outbox.position))
    return rows.map((row) => ({ key: row.key, data: row.data as LinkClicksRecordedData }))
  }

  const click = (id: string): Click => ({
    id,
    code,
    clicked_at: now.toISOString(),
    landing: `/c/${code}`,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    utm_term: null,
    utm_content: null,
    referrer_host: null,
    device: 'desktop',
    country: null,
    visitor_hash: 'v',
  })
  const ids = (n: number) => Array.from({ length: n }, () => newId())

  it('drops and counts clicks once its queue is full, and writes the ones it kept', async () => {
    const recorder = recorderOf({ capacity: 3 })
    const queued = ids(5).map((id) => recorder.record(click(id)))
    expect(queued).toEqual([true, true, true, false, false])
    expect(recorder.counts()).toMatchObject({ queued: 3, capacity: 3, dropped: 2, recorded: 0 })
    expect(await recorder.flush()).toBe(3)
    expect(recorder.counts()).toMatchObject({ queued: 0, dropped: 2, recorded: 3 })
  })

  it('writes full batches as they fill and the rest on flush, every click once', async () => {
    const recorder = recorderOf({ batchSize: 2 })
    const written = ids(5)
    for (const id of written) recorder.record(click(id))
    await recorder.flush()
    const stored = await contextOf(platform).db.select({ id: clicks.id }).from(clicks).where(eq(clicks.code, code))
    expect(stored.map((c) => c.id).filter((id) => written.includes(id))).toHaveLength(5)
    expect(recorder.counts()).toMatchObject({ queued: 0, recorded: 5, failed: 0 })
  })

  it('stores every character of what it writes: backslashes, tabs and newlines, and text that reads \\N', async () => {
    const recorder = recorderOf()
    const id = newId()
    const tricky = {
      ...click(id),
      landing: `/c/${code}?q=\\N&path=C:\\new\\table`,
      utm_source: 'a\tb\nc\rd',
      utm_term: '\\N',
    }
    recorder.record(tricky)
    await recorder.flush()
    const [stored] = await contextOf(platform)
      .db.select({
        landing: clicks.landing,
        utmSource: clicks.utmSource,
        utmTerm: clicks.utmTerm,
        utmMedium: clicks.utmMedium,
      })
      .from(clicks)
      .where(eq(clicks.id, id))
    expect(stored).toEqual({ landing: tricky.landing, utmSource: 'a\tb\nc\rd', utmTerm: '\\N', utmMedium: null })
  })

  it('stores only the clicks whose code a link has, and counts the others', async () => {
    const recorder = recorderOf()
    const known = newId()
    recorder.record(click(known))
    recorder.record({ ...click(newId()), code: 'NoSuchLink' })
    await recorder.flush()
    expect(recorder.counts()).toMatchObject({ recorded: 1, unknown_code: 1, failed: 0 })
    const stored = await contextOf(platform).db.select({ id: clicks.id }).from(clicks).where(eq(clicks.id, known))
    expect(stored).toHaveLength(1)
  })

  it('announces a batch with one link.clicks_recorded: its clicks per link and UTC day, as stored', async () => {
    const ada = await signUpAmbassador(platform)
    const [tea, mugs] = [await newLink(ada), await newLink(ada)]
    const on = (link: { code: string }, daysAgo: number): Click => ({
      ...click(newId()),
      code: link.code,
      clicked_at: new Date(TODAY.getTime() - daysAgo * DAY_MS).toISOString(),
    })
    const batch = [on(tea, 1), on(tea, 1), on(mugs, 1), on(tea, 0), on(mugs, 0), on(mugs, 0), on(mugs, 0)]
    const since = await outboxEnd()
    const recorder = recorderOf()
    for (const c of batch) recorder.record(c)
    recorder.record({ ...click(newId()), code: 'NoSuchLink' })
    await recorder.flush()

    const [announced, ...more] = await announcedBatches(since)
    expect(more).toEqual([])
    const byLinkAndDay = (a: { link_id: string; day: string }, b: { link_id: string; day: string }) =>
      a.link_id.localeCompare(b.link_id) || a.day.localeCompare(b.day)
    const entry = (link: { id: string; code: string }, daysAgo: number, clicks: number) => ({
      link_id: link.id,
      code: link.code,
      ambassador_id: ada.id,
      day: day(daysAgo),
      clicks,
    })
    expect([...(announced?.data.counts ?? [])].sort(byLinkAndDay)).toEqual(
      [entry(tea, 1, 2), entry(mugs, 1, 1), entry(tea, 0, 1), entry(mugs, 0, 3)].sort(byLinkAndDay),
    )
    // The same figures as the rows the batch wrote.
    const clickDay = sql<string>`to_char(${clicks.clickedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
    const stored = await contextOf(platform)
      .db.select({ link_id: clicks.linkId, day: clickDay, clicks: count() })
      .from(clicks)
      .where(
        inArray(
          clicks.id,
          batch.map((c) => c.id),
        ),
      )
      .groupBy(clicks.linkId, clickDay)
    expect(
      announced?.data.counts.map(({ link_id, day, clicks }) => ({ link_id, day, clicks })).sort(byLinkAndDay),
    ).toEqual(stored.sort(byLinkAndDay))
    expect(announced?.key).toEqual(expect.any(String))
  })

  it('announces nothing for a batch of unknown codes only, and a batch per batch written', async () => {
    const since = await outboxEnd()
    const recorder = recorderOf({ batchSize: 2 })
    recorder.record({ ...click(newId()), code: 'NoSuchLink' })
    await recorder.flush()
    expect(await announcedBatches(since)).toEqual([])
    for (const id of ids(5)) recorder.record(click(id))
    await recorder.flush()
    const announced = await announcedBatches(since)
    expect(announced.map((a) => a.data.counts.map((c) => c.clicks))).toEqual([[2], [2], [1]])
    expect(new Set(announced.map((a) => a.key)).size).toBe(3)
  })

  it('keeps neither the clicks nor their announcement when the batch fails after its COPY', async () => {
    const ctx = contextOf(platform)
    const since = await outboxEnd()
    const failing = {
      ...ctx.outbox,
      async add(...args: Parameters<typeof ctx.outbox.add>) {
        await ctx.outbox.add(...args)
        throw new Error('the database went away')
      },
    }
    const recorder = recorderOf({ outbox: failing })
    const lost = newId()
    recorder.record(click(lost))
    await recorder.flush()
    expect(recorder.counts()).toMatchObject({ recorded: 0, failed: 1 })
    expect(await ctx.db.select({ id: clicks.id }).from(clicks).where(eq(clicks.id, lost))).toEqual([])
    expect(await announcedBatches(since)).toEqual([])
  })

  it('writes the clicks still queued when the server stops', async () => {
    // A platform of its own on a database this test can still read once the platform has closed its connections.
    const url = await createTestDatabase()
    const config = testConfig()
    const log = createLogger('silent')
    const stopping = await startPlatform({
      config,
      log,
      services: [ambassadorService],
      databaseUrlFor: () => url,
      adapters: testAdapters(config, log),
      clock,
      routes: pages,
    })
    const link = { id: newId(), code: 'StopCode', userId: newId(), createdAt: now.toISOString() }
    const db = stopping.contexts.get('ambassador')?.db
    await db?.insert(links).values(link)
    const opened = await stopping.app.inject({ url: `/c/${link.code}`, headers: { 'user-agent': DESKTOP } })
    const clickId = parseReferralCookie(opened.cookies.find((c) => c.name === REFERRAL_COOKIE)?.value)?.clickId
    await stopping.close()
    const after = openDatabase(url, 1, () => {})
    try {
      const found = await after.db
        .select({ linkId: clicks.linkId })
        .from(clicks)
        .where(eq(clicks.id, clickId ?? ''))
      expect(found).toEqual([{ linkId: link.id }])
    } finally {
      await after.close()
    }
  })
})

describe('click stats', () => {
  let platform: TestPlatform
  let ada: Awaited<ReturnType<typeof signUpAmbassador>>
  let grace: Awaited<ReturnType<typeof signUpAmbassador>>
  let older: { id: string; code: string; user_id: string }
  let newer: { id: string; code: string; user_id: string }
  const visitorOne = { ip: '198.51.100.1', ua: IPHONE }
  const visitorTwo = { ip: '198.51.100.2', ua: DESKTOP }

  /** Opens a page `daysAgo` days before today. */
  async function openOn(daysAgo: number, url: string, visit: Visit) {
    now = new Date(TODAY.getTime() - daysAgo * DAY_MS)
    try {
      return await open(platform, url, visit)
    } finally {
      now = TODAY
    }
  }

  async function sell(link: typeof older, quantity: number, daysAgo: number, clickId: string | null) {
    const order: OrderCompletedData = {
      ...completedOrder(link, [{ product: mug, quantity }]),
      completed_at: new Date(TODAY.getTime() - daysAgo * DAY_MS).toISOString(),
      click_id: clickId,
      attributed_by: clickId ? 'last_click' : 'link',
    }
    await platform.publish('order.completed', order.id, order)
    return order
  }

  async function statsOf(person: typeof ada, query = '') {
    const response = await person.client.get<ClickStats>(`/api/ambassador/clicks/stats${query}`)
    expect(response.status, response.text).toBe(200)
    return response.body
  }

  beforeAll(async () => {
    platform = await startWithPages()
    ada = await signUpAmbassador(platform)
    grace = await signUpAmbassador(platform)
    older = await newLink(ada)
    newer = await newLink(ada)
    const instagram = `/c/${older.code}?utm_source=instagram`
    const first = await openOn(2, instagram, { ...visitorOne, headers: { 'cf-ipcountry': 'DE' } })
    await openOn(0, instagram, { ...visitorOne, headers: { 'cf-ipcountry': 'DE' } })
    await openOn(0, `/c/${older.code}`, { ...visitorTwo, headers: { 'cf-ipcountry': 'FR' } })
    await openOn(0, `/shop?ref=${newer.code}`, { ...visitorOne, headers: { 'cf-ipcountry': 'DE' } })
    await openOn(0, `/c/${older.code}`, { ua: GOOGLEBOT }) // not a click
    await openOn(40, `/c/${older.code}`, visitorTwo) // before the default range
    await openOn(0, `/c/${(await newLink(grace)).code}`, visitorTwo) // Grace's, not Ada's
    await platform.drain()

    // 2 mugs (25.00, commission 2.50) through the first Instagram click, 10.00 of it refunded (commission 1.00);
    // 1 mug (12.50, commission 1.25) on the newer link's page with no click known.
    const sold = await sell(older, 2, 1, first.referral?.clickId ?? null)
    const line = sold.items[0]?.id ?? ''
    await platform.publish(
      'order.refunded',
      sold.id,
      refundedOrder(sold, [{ itemId: line, commissionMinor: 100 }], now.toISOString()),
    )
    await sell(newer, 1, 0, null)
  })
  afterAll(() => platform?.close())

  const zero = { clicks: 0, unique_visitors: 0, orders: 0, conversion_rate: 0, revenue: 0, commission: 0 }

  it('counts the last 30 days by default: clicks, unique visitors, orders, conversion, revenue and commission net of refunds', async () => {
    const stats = await statsOf(ada)
    expect(stats).toMatchObject({ from: day(29), to: day(0), link: null })
    expect(stats.totals).toEqual({
      clicks: 4,
      unique_visitors: 2,
      orders: 2,
      conversion_rate: 0.5,
      revenue: 27.5,
      commission: 2.75,
    })
  })

  it('has every day of the range, oldest first, days without anything as zeros', async () => {
    const { by_day } = await statsOf(ada)
    expect(by_day).toHaveLength(30)
    expect(by_day[0]).toEqual({ date: day(29), ...zero })
    expect(by_day.slice(-3)).toEqual([
      { date: day(2), ...zero, clicks: 1, unique_visitors: 1 },
      { date: day(1), ...zero, orders: 1, revenue: 15, commission: 1.5 },
      {
        date: day(0),
        clicks: 3,
        unique_visitors: 2,
        orders: 1,
        conversion_rate: 0.3333,
        revenue: 12.5,
        commission: 1.25,
      },
    ])
  })

  it('breaks the figures down by UTM source and country (an order counts where its click came from)', async () => {
    const { by_source, by_country } = await statsOf(ada)
    expect(by_source).toEqual([
      {
        source: 'instagram',
        clicks: 2,
        unique_visitors: 1,
        orders: 1,
        conversion_rate: 0.5,
        revenue: 15,
        commission: 1.5,
      },
      { source: null, clicks: 2, unique_visitors: 2, orders: 1, conversion_rate: 0.5, revenue: 12.5, commission: 1.25 },
    ])
    expect(by_country).toEqual([
      {
        country: 'DE',
        clicks: 3,
        unique_visitors: 1,
        orders: 1,
        conversion_rate: 0.3333,
        revenue: 15,
        commission: 1.5,
      },
      { country: 'FR', ...zero, clicks: 1, unique_visitors: 1 },
      { country: null, ...zero, orders: 1, revenue: 12.5, commission: 1.25 },
    ])
  })

  it('breaks them down per link, newest first, and limits them to one link with ?link=', async () => {
    const olderFigures = {
      clicks: 3,
      unique_visitors: 2,
      orders: 1,
      conversion_rate: 0.3333,
      revenue: 15,
      commission: 1.5,
    }
    const { by_link } = await statsOf(ada)
    expect(by_link).toEqual([
      {
        link_id: newer.id,
        code: newer.code,
        clicks: 1,
        unique_visitors: 1,
        orders: 1,
        conversion_rate: 1,
        revenue: 12.5,
        commission: 1.25,
      },
      { link_id: older.id, code: older.code, ...olderFigures },
    ])
    const one = await statsOf(ada, `?link=${older.code}`)
    expect(one).toMatchObject({ link: older.code, totals: olderFigures })
    expect(one.by_link).toEqual([{ link_id: older.id, code: older.code, ...olderFigures }])
  })

  it('answers any range of UTC days, both ends included', async () => {
    const stats = await statsOf(ada, `?from=${day(45)}&to=${day(35)}`)
    expect(stats.by_day).toHaveLength(11)
    expect(stats.totals).toEqual({ ...zero, clicks: 1, unique_visitors: 1 })
    expect((await statsOf(ada, `?from=${day(1)}&to=${day(1)}`)).totals).toMatchObject({ clicks: 0, orders: 1 })
  })

  it('shows an ambassador nothing of another’s links', async () => {
    const stats = await statsOf(grace)
    expect(stats.totals).toEqual({ ...zero, clicks: 1, unique_visitors: 1 })
    expect(stats.by_link.map((l) => l.code)).not.toContain(older.code)
    const theirs = await grace.client.get(`/api/ambassador/clicks/stats?link=${older.code}`)
    expect(theirs.status).toBe(404)
    expect(theirs.body).toMatchObject({ code: 'link_not_found' })
  })

  it('gives an admin the same answer for any ambassador, and 404 for one it does not know', async () => {
    const admin = await logInAdmin(platform)
    const answer = await admin.get<ClickStats>(`/api/admin/ambassadors/${ada.id}/clicks/stats?link=${newer.code}`)
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual(await statsOf(ada, `?link=${newer.code}`))
    expect((await admin.get(`/api/admin/ambassadors/${newId()}/clicks/stats`)).status).toBe(404)
  })

  it('lets only the signed-in ambassador and admins ask', async () => {
    const admin = await logInAdmin(platform)
    const stranger = (url: string) => platform.app.inject({ url })
    expect((await stranger('/api/ambassador/clicks/stats')).statusCode).toBe(401)
    expect((await stranger(`/api/admin/ambassadors/${ada.id}/clicks/stats`)).statusCode).toBe(401)
    expect((await stranger('/api/admin/clicks/health')).statusCode).toBe(401)
    expect((await admin.get('/api/ambassador/clicks/stats')).status).toBe(403)
    expect((await ada.client.get(`/api/admin/ambassadors/${ada.id}/clicks/stats`)).status).toBe(403)
    expect((await ada.client.get('/api/admin/clicks/health')).status).toBe(403)
  })

  it.each([
    ['from after to', `?from=${day(1)}&to=${day(2)}`, 'invalid_range'],
    ['more than 366 days', `?from=${day(366)}&to=${day(0)}`, 'range_too_long'],
    ['a day the calendar does not have', '?from=2025-02-30', 'invalid_date'],
    ['a day not written YYYY-MM-DD', '?to=yesterday', 'invalid_request'],
  ])('refuses %s with a 400', async (_name, query, code) => {
    const response = await ada.client.get(`/api/ambassador/clicks/stats${query}`)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ code })
  })

  it('takes a range of exactly 366 days', async () => {
    expect((await statsOf(ada, `?from=${day(365)}&to=${day(0)}`)).by_day).toHaveLength(366)
  })
})

describe('counting conversions', () => {
  let platform: TestPlatform
  beforeAll(async () => {
    platform = await startWithPages()
  })
  afterAll(() => platform?.close())

  async function conversionOf(orderId: string) {
    const [row] = await contextOf(platform).db.select().from(conversions).where(eq(conversions.orderId, orderId))
    return row
  }

  it('counts an order and each refund once, even when the same data comes again in new events', async () => {
    const alan = await signUpAmbassador(platform)
    const link = await newLink(alan)
    const order = completedOrder(link, [{ product: mug, quantity: 4 }]) // 50.00, commission 5.00
    const refund = refundedOrder(order, [{ itemId: order.items[0]?.id ?? '', commissionMinor: 150 }], now.toISOString())
    for (let i = 0; i < 2; i++) {
      await platform.publish('order.completed', order.id, order)
      await platform.publish('order.refunded', order.id, refund)
    }
    expect(await conversionOf(order.id)).toMatchObject({
      linkId: link.id,
      ambassadorId: alan.id,
      revenueMinor: 5_000 - 1_500,
      commissionMinor: 500 - 150,
      completed: true,
      refundIds: [refund.id],
    })
  })

  it('nets out a refund that arrives before its order (a replayed event) once the order comes', async () => {
    const alan = await signUpAmbassador(platform)
    const link = await newLink(alan)
    const order = { ...completedOrder(link, [{ product: mug, quantity: 2 }]), click_id: newId() }
    const refund = refundedOrder(order, [{ itemId: order.items[0]?.id ?? '', commissionMinor: 50 }], now.toISOString())
    await platform.publish('order.refunded', order.id, refund)
    expect(await conversionOf(order.id)).toMatchObject({ completed: false, revenueMinor: -500 })
    expect((await alan.client.get<ClickStats>('/api/ambassador/clicks/stats')).body.totals.orders).toBe(0)
    await platform.publish('order.completed', order.id, order)
    expect(await conversionOf(order.id)).toMatchObject({
      completed: true,
      clickId: order.click_id,
      revenueMinor: 2_500 - 500,
      commissionMinor: 250 - 50,
    })
  })

  it('adds a commission an admin restored once, however often the restoration comes', async () => {
    const alan = await signUpAmbassador(platform)
    const link = await newLink(alan)
    const sold = completedOrder(link, [{ product: mug, quantity: 2 }]) // 25.00; its 2.50 withheld (Alan's own order)
    const order: OrderCompletedData = {
      ...sold,
      ambassador_revenue_minor: 0,
      items: sold.items.map((item) => ({ ...item, ambassador_revenue_minor: 0 })),
      commission_withheld: 'own_email',
    }
    await platform.publish('order.completed', order.id, order)
    expect(await conversionOf(order.id)).toMatchObject({ revenueMinor: 2_500, commissionMinor: 0 })
    const restored: OrderCommissionRestoredData = {
      order_id: order.id,
      link_id: link.id,
      code: link.code,
      ambassador_id: alan.id,
      currency: order.currency,
      order_completed_at: order.completed_at,
      ambassador_revenue_minor: 250,
      items: sold.items.map((item) => ({
        order_item_id: item.id,
        product_id: item.product_id,
        ambassador_revenue_minor: item.ambassador_revenue_minor,
        commission_rate_basis_points: 1_000,
        commission_rule: 'default',
      })),
      reason: 'Bought as a gift for a customer',
      restored_by: newId(),
      restored_at: now.toISOString(),
    }
    await platform.publish('order.commission_restored', order.id, restored)
    await platform.publish('order.commission_restored', order.id, restored)
    expect(await conversionOf(order.id)).toMatchObject({ revenueMinor: 2_500, commissionMinor: 250 })
  })

  it('keeps no row for a shop order no ambassador referred', async () => {
    const alan = await signUpAmbassador(platform)
    const link = await newLink(alan)
    const order = {
      ...completedOrder(link, [{ product: mug, quantity: 1 }]),
      link_id: null,
      code: null,
      ambassador_id: null,
    }
    await platform.publish('order.completed', order.id, order)
    expect(await conversionOf(order.id)).toBeUndefined()
  })
})

describe('links to review', () => {
  let platform: TestPlatform
  beforeAll(async () => {
    platform = await startWithPages()
  })
  afterAll(() => platform?.close())

  it('flags a visitor opening a link over and over, more orders than clicks make plausible, and orders with no click', async () => {
    const admin = await logInAdmin(platform)
    const inflated = await newLink(await signUpAmbassador(platform))
    const busy = await newLink(await signUpAmbassador(platform))
    const quiet = await newLink(await signUpAmbassador(platform))
    for (let i = 0; i < 20; i++) await open(platform, `/c/${inflated.code}`, { ip: '203.0.113.9', ua: IPHONE })
    for (let i = 0; i < 19; i++) await open(platform, `/c/${quiet.code}`, { ip: '203.0.113.10', ua: IPHONE })
    await open(platform, `/c/${busy.code}`, { ip: '203.0.113.11', ua: DESKTOP })
    for (let i = 0; i < 5; i++) {
      const order = completedOrder(busy, [{ product: mug, quantity: 1 }])
      await platform.publish('order.completed', order.id, order)
    }
    await platform.drain()
    await (contextOf(platform) as AmbassadorContext & ClickTracking).clicks.flush()

    const flagged = await admin.get<LinkFlags[]>('/api/admin/clicks/flags?days=7')
    expect(flagged.status).toBe(200)
    const byCode = new Map(flagged.body.map((link) => [link.code, link]))
    expect(byCode.get(inflated.code)?.flags).toEqual([
      { kind: 'repeat_clicks', text: 'One visitor opened it 20 times in a day' },
    ])
    expect(byCode.get(busy.code)).toMatchObject({ clicks: 1, orders: 5 })
    expect(byCode.get(busy.code)?.flags.map((flag) => flag.kind)).toEqual(['conversion_spike', 'orders_without_clicks'])
    expect(byCode.has(quiet.code)).toBe(false) // 19 opens by one visitor: busy, not yet suspicious
    expect((await admin.request('GET', '/api/admin/clicks/flags?days=0')).status).toBe(400)
  })
})
