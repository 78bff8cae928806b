import type {
  AnalyticsEventPage,
  AnalyticsHealth,
  FunnelReport,
  RegistrationsReport,
  RevenueReport,
} from '@ambassador/contracts/analytics'
import type { OrderCompletedData, OrderRefundedData } from '@ambassador/contracts/events'
import { newId } from '@ambassador/kit/ids/ids'
import { completedOrderData, userData } from '@ambassador/kit/testing/events'
import { type TestClient, testClient } from '@ambassador/kit/testing/http-client'
import { startTestPlatform, type TestPlatform } from '@ambassador/kit/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsService } from './index.ts'

/** Wednesday 18 March 2026, noon UTC; tests move the clock to publish events on other days. */
const START = new Date('2026-03-18T12:00:00.000Z')
let now = START
const clock = { now: () => new Date(now) }

let platform: TestPlatform
let admin: TestClient

beforeAll(async () => {
  platform = await startTestPlatform([analyticsService], {}, { clock })
  // The admin signs up on a day of its own (2026-01-05), far from the days the tests count.
  now = new Date('2026-01-05T09:00:00Z')
  admin = await platform.signIn(userData({ role: 'admin', first_name: 'Boss', email: 'boss@example.com' }))
  now = START
})
afterAll(() => platform?.close())

/** Announces a user as the users service does, at `at`. */
async function register(
  at: string,
  role: 'admin' | 'ambassador' | 'shopper',
  fields: Parameters<typeof userData>[0] = {},
) {
  now = new Date(at)
  const user = userData({ role, ...fields })
  const event = await platform.publish('user.registered', user.id, user)
  now = START
  return { user, event }
}

/** A paid order of `minor` (one line), referred by `link` unless null, completed at `at`. */
function order(
  at: string,
  minor: number,
  link: { id: string; code: string; ambassadorId: string } | null,
  extra: Partial<OrderCompletedData> = {},
) {
  const data = completedOrderData(
    {
      ambassadorId: link?.ambassadorId ?? newId(),
      linkId: link?.id,
      code: link?.code,
      lines: [{ title: 'Tea', price_minor: minor, quantity: 1 }],
    },
    { completed_at: at, ...extra },
  )
  return link
    ? data
    : {
        ...data,
        link_id: null,
        code: null,
        ambassador_id: null,
        ambassador_revenue_minor: 0,
        admin_revenue_minor: minor,
      }
}

function refundOf(
  completed: OrderCompletedData,
  amountMinor: number,
  commissionMinor: number,
  at: string,
): OrderRefundedData {
  return {
    id: newId(),
    order_id: completed.id,
    link_id: completed.link_id,
    code: completed.code,
    ambassador_id: completed.ambassador_id,
    first_name: completed.first_name,
    last_name: completed.last_name,
    email: completed.email,
    currency: completed.currency,
    amount_minor: amountMinor,
    admin_revenue_minor: amountMinor - commissionMinor,
    ambassador_revenue_minor: commissionMinor,
    items: [],
    order_total_minor: completed.total_minor,
    order_refunded_minor: amountMinor,
    order_completed_at: completed.completed_at,
    refunded_at: at,
  }
}

describe('GET /api/analytics/users/registered', () => {
  beforeAll(async () => {
    await register('2026-02-01T00:00:00.000Z', 'ambassador') // a Sunday
    await register('2026-02-01T23:59:59.999Z', 'shopper') // the last instant of that Sunday
    await register('2026-02-02T00:00:00.000Z', 'ambassador') // Monday: a new day and a new week
    await register('2026-02-28T23:59:59.999Z', 'shopper') // the last instant of February
    await register('2026-03-01T00:00:00.000Z', 'admin') // the first of March
  })

  it('counts registrations per UTC day by role, every day of the range present', async () => {
    const report = await admin.get<RegistrationsReport>('/api/analytics/users/registered?from=2026-01-31&to=2026-02-03')
    expect(report.status).toBe(200)
    expect(report.body.buckets).toEqual([
      { period: '2026-01-31', start: '2026-01-31', end: '2026-01-31', total: 0, admin: 0, ambassador: 0, shopper: 0 },
      { period: '2026-02-01', start: '2026-02-01', end: '2026-02-01', total: 2, admin: 0, ambassador: 1, shopper: 1 },
      { period: '2026-02-02', start: '2026-02-02', end: '2026-02-02', total: 1, admin: 0, ambassador: 1, shopper: 0 },
      { period: '2026-02-03', start: '2026-02-03', end: '2026-02-03', total: 0, admin: 0, ambassador: 0, shopper: 0 },
    ])
    expect(report.body.total).toBe(3)
  })

  it('splits weeks at Monday 00:00 UTC and months at the 1st 00:00 UTC', async () => {
    const weeks = await admin.get<RegistrationsReport>(
      '/api/analytics/users/registered?from=2026-01-26&to=2026-02-08&interval=week',
    )
    expect(weeks.body.buckets.map((b) => [b.period, b.total])).toEqual([
      ['2026-01-26', 2],
      ['2026-02-02', 1],
    ])
    const months = await admin.get<RegistrationsReport>(
      '/api/analytics/users/registered?from=2026-01-01&to=2026-04-30&interval=month',
    )
    expect(months.body.buckets.map((b) => [b.period, b.total, b.admin])).toEqual([
      ['2026-01-01', 1, 1], // the signed-in admin
      ['2026-02-01', 4, 0],
      ['2026-03-01', 1, 1],
      ['2026-04-01', 0, 0],
    ])
  })

  it('counts a registration delivered twice once', async () => {
    const { event } = await register('2026-05-05T10:00:00Z', 'ambassador')
    await platform.redeliver(event)
    await platform.redeliver(event)
    const day = await admin.get<RegistrationsReport>('/api/analytics/users/registered?from=2026-05-05&to=2026-05-05')
    expect(day.body.total).toBe(1)
    const events = await admin.get<AnalyticsEventPage>('/api/analytics/events?from=2026-05-05&to=2026-05-05')
    expect(events.body.data.map((e) => e.id)).toEqual([event.id])
  })

  it('answers the last 30 days up to today by default', async () => {
    const report = await admin.get<RegistrationsReport>('/api/analytics/users/registered')
    expect(report.body).toMatchObject({ interval: 'day', from: '2026-02-17', to: '2026-03-18' })
    expect(report.body.buckets).toHaveLength(30)
  })
})

describe('GET /api/analytics/revenue', () => {
  const link = { id: newId(), code: 'REVLINK1', ambassadorId: newId() }

  beforeAll(async () => {
    const first = order('2026-06-01T08:00:00Z', 10_000, link)
    const second = order('2026-06-01T23:59:59.999Z', 2_550, null)
    const third = order('2026-06-02T00:00:00Z', 4_000, link)
    const euro = order('2026-06-01T12:00:00Z', 9_999, null, { currency: 'EUR' })
    for (const o of [first, second, third, euro]) await platform.publish('order.completed', o.id, o)
    // Refunded the next day: counted on the day of the refund, with the commission it reversed.
    await platform.publish('order.refunded', first.id, refundOf(first, 2_500, 250, '2026-06-02T10:00:00Z'))
  })

  it('answers orders, revenue, refunds, net and commission per day in one currency, in major units', async () => {
    const report = await admin.get<RevenueReport>('/api/analytics/revenue?from=2026-06-01&to=2026-06-03')
    expect(report.status).toBe(200)
    expect(report.body.currency).toBe('USD')
    expect(report.body.buckets).toEqual([
      {
        period: '2026-06-01',
        start: '2026-06-01',
        end: '2026-06-01',
        orders: 2,
        revenue: 125.5,
        refunds: 0,
        refunded: 0,
        net: 125.5,
        commission: 10,
      },
      {
        period: '2026-06-02',
        start: '2026-06-02',
        end: '2026-06-02',
        orders: 1,
        revenue: 40,
        refunds: 1,
        refunded: 25,
        net: 15,
        commission: 1.5,
      },
      {
        period: '2026-06-03',
        start: '2026-06-03',
        end: '2026-06-03',
        orders: 0,
        revenue: 0,
        refunds: 0,
        refunded: 0,
        net: 0,
        commission: 0,
      },
    ])
    expect(report.body.totals).toEqual({
      orders: 3,
      revenue: 165.5,
      refunds: 1,
      refunded: 25,
      net: 140.5,
      commission: 11.5,
    })
  })

  it('answers another currency on its own', async () => {
    const report = await admin.get<RevenueReport>(
      '/api/analytics/revenue?from=2026-06-01&to=2026-06-30&interval=month&currency=eur',
    )
    expect(report.body.currency).toBe('EUR')
    expect(report.body.buckets).toEqual([
      expect.objectContaining({
        period: '2026-06-01',
        start: '2026-06-01',
        end: '2026-06-30',
        orders: 1,
        revenue: 99.99,
      }),
    ])
  })

  it('counts an order delivered twice once', async () => {
    const once = order('2026-06-10T12:00:00Z', 1_000, null)
    const event = await platform.publish('order.completed', once.id, once)
    await platform.redeliver(event)
    const report = await admin.get<RevenueReport>('/api/analytics/revenue?from=2026-06-10&to=2026-06-10')
    expect(report.body.totals).toMatchObject({ orders: 1, revenue: 10 })
  })

  it('answers the same report as CSV when asked by ?format=csv or by Accept: text/csv', async () => {
    const expected =
      'period,start,end,orders,revenue,refunds,refunded,net,commission\r\n' +
      '2026-06-01,2026-06-01,2026-06-07,3,165.5,1,25,140.5,11.5\r\n'
    const byQuery = await admin.get('/api/analytics/revenue?from=2026-06-01&to=2026-06-07&interval=week&format=csv')
    expect(byQuery.status).toBe(200)
    expect(byQuery.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(byQuery.headers['content-disposition']).toBe(
      'attachment; filename="revenue-USD-week-2026-06-01-2026-06-07.csv"',
    )
    expect(byQuery.text).toBe(expected)
    const byAccept = await admin.request(
      'GET',
      '/api/analytics/revenue?from=2026-06-01&to=2026-06-07&interval=week',
      undefined,
      {
        accept: 'text/csv',
      },
    )
    expect(byAccept.text).toBe(expected)
  })
})

describe('GET /api/analytics/funnels', () => {
  const ada = userData({ first_name: 'Ada', last_name: 'Lovelace, Countess' })
  const grace = userData({ first_name: 'Grace', last_name: 'Hopper' })
  const adaTea = {
    id: newId(),
    code: 'ADATEA01',
    user_id: ada.id,
    product_ids: [],
    created_at: '2026-07-01T09:00:00.000Z',
  }
  const adaMugs = {
    id: newId(),
    code: 'ADAMUG01',
    user_id: ada.id,
    product_ids: [],
    created_at: '2026-07-02T09:00:00.000Z',
  }
  const graceLate = {
    id: newId(),
    code: 'GRACE001',
    user_id: grace.id,
    product_ids: [],
    created_at: '2026-08-01T09:00:00.000Z',
  }

  beforeAll(async () => {
    for (const user of [ada, grace]) await platform.publish('user.registered', user.id, user)
    for (const link of [adaTea, adaMugs, graceLate]) await platform.publish('link.created', link.id, link)
    const viaTea = (at: string, minor: number, clickId: string | null) =>
      order(at, minor, { id: adaTea.id, code: adaTea.code, ambassadorId: ada.id }, { click_id: clickId })
    const orders = [viaTea('2026-07-03T10:00:00Z', 5_000, newId()), viaTea('2026-07-04T10:00:00Z', 3_000, null)]
    for (const o of orders) await platform.publish('order.completed', o.id, o)
    const [firstTea] = orders
    if (firstTea)
      await platform.publish('order.refunded', firstTea.id, refundOf(firstTea, 1_000, 100, '2026-07-05T10:00:00Z'))
    // Two batches of clicks, as the ambassador service announces them: per link and UTC day.
    await clicksRecorded([
      [adaTea, '2026-07-02', 3],
      [adaMugs, '2026-07-02', 1],
    ])
    await clicksRecorded([
      [adaTea, '2026-07-03', 5],
      [adaMugs, '2026-07-03', 3],
      [adaTea, '2026-08-01', 7], // after the range
      [graceLate, '2026-08-02', 2],
    ])
  })

  /** A batch of clicks on `counts`' links, each [link, UTC day, clicks], announced as one link.clicks_recorded. */
  function clicksRecorded(counts: [typeof adaTea, string, number][]) {
    const data = {
      counts: counts.map(([link, day, clicks]) => ({
        link_id: link.id,
        code: link.code,
        ambassador_id: link.user_id,
        day,
        clicks,
      })),
    }
    return platform.publish('link.clicks_recorded', newId(), data)
  }

  it('answers per link and per ambassador: links → clicks → orders (with a click) → revenue → commission', async () => {
    const report = await admin.get<FunnelReport>('/api/analytics/funnels?from=2026-07-01&to=2026-07-31')
    expect(report.status).toBe(200)
    const links = report.body.links.filter((l) => l.ambassador_id === ada.id || l.ambassador_id === grace.id)
    expect(links).toEqual([
      {
        link_id: adaTea.id,
        code: 'ADATEA01',
        ambassador_id: ada.id,
        ambassador: 'Ada Lovelace, Countess',
        created_at: adaTea.created_at,
        clicks: 8,
        orders: 2,
        clicked_orders: 1,
        conversion_rate: 0.25,
        revenue: 80,
        refunded: 10,
        commission: 7,
      },
      {
        link_id: adaMugs.id,
        code: 'ADAMUG01',
        ambassador_id: ada.id,
        ambassador: 'Ada Lovelace, Countess',
        created_at: adaMugs.created_at,
        clicks: 4,
        orders: 0,
        clicked_orders: 0,
        conversion_rate: 0,
        revenue: 0,
        refunded: 0,
        commission: 0,
      },
    ]) // Grace's link was created after the range
    expect(report.body.ambassadors.find((a) => a.ambassador_id === ada.id)).toEqual({
      ambassador_id: ada.id,
      name: 'Ada Lovelace, Countess',
      email: ada.email,
      links: 2,
      clicks: 12,
      orders: 2,
      clicked_orders: 1,
      conversion_rate: 0.1667,
      revenue: 80,
      refunded: 10,
      commission: 7,
    })
  })

  it('counts the clicks of the days asked, and has no conversion rate where there were no clicks', async () => {
    const first = await admin.get<FunnelReport>('/api/analytics/funnels?from=2026-07-02&to=2026-07-02')
    expect(first.body.links.find((l) => l.link_id === adaTea.id)).toMatchObject({ clicks: 3, orders: 0 })
    const later = await admin.get<FunnelReport>('/api/analytics/funnels?from=2026-07-04&to=2026-07-31')
    expect(later.body.links.find((l) => l.link_id === adaTea.id)).toMatchObject({
      clicks: 0,
      orders: 1,
      conversion_rate: null,
    })
    expect(later.body.ambassadors.find((a) => a.ambassador_id === ada.id)).toMatchObject({
      clicks: 0,
      conversion_rate: null,
    })
    const august = await admin.get<FunnelReport>('/api/analytics/funnels?from=2026-08-01&to=2026-08-31')
    expect(august.body.links.find((l) => l.link_id === graceLate.id)).toMatchObject({ clicks: 2, orders: 0 })
    expect(august.body.links.find((l) => l.link_id === adaTea.id)).toMatchObject({ clicks: 7 })
  })

  it('lists a link it knows only from its clicks (its link.created came before analytics ran)', async () => {
    const ken = userData({ first_name: 'Ken', last_name: 'Thompson' })
    await platform.publish('user.registered', ken.id, ken)
    const unannounced = { ...adaTea, id: newId(), code: 'KENOLD01', user_id: ken.id }
    await clicksRecorded([
      [unannounced, '2026-07-10', 2],
      [unannounced, '2026-07-10', 1], // the same link and day twice in one batch still add up
    ])
    const report = await admin.get<FunnelReport>('/api/analytics/funnels?from=2026-07-01&to=2026-07-31')
    expect(report.body.links.find((l) => l.link_id === unannounced.id)).toEqual({
      link_id: unannounced.id,
      code: 'KENOLD01',
      ambassador_id: ken.id,
      ambassador: 'Ken Thompson',
      created_at: null,
      clicks: 3,
      orders: 0,
      clicked_orders: 0,
      conversion_rate: 0,
      revenue: 0,
      refunded: 0,
      commission: 0,
    })
  })

  it("adds a later batch's clicks to a link's day already counted, and keeps a code with quotes and commas", async () => {
    const ken = userData({ first_name: 'Ken', last_name: 'Thompson' })
    await platform.publish('user.registered', ken.id, ken)
    const odd = { ...adaTea, id: newId(), code: 'KEN,"ODD"}{', user_id: ken.id }
    await clicksRecorded([[odd, '2026-07-11', 2]])
    await clicksRecorded([
      [odd, '2026-07-11', 5],
      [odd, '2026-07-12', 1],
    ])
    const report = await admin.get<FunnelReport>('/api/analytics/funnels?from=2026-07-11&to=2026-07-11')
    expect(report.body.links.find((l) => l.link_id === odd.id)).toMatchObject({ code: 'KEN,"ODD"}{', clicks: 7 })
  })

  it('exports per link or per ambassador as CSV, quoting a name with a comma', async () => {
    const byAmbassador = await admin.get(
      '/api/analytics/funnels?from=2026-07-01&to=2026-07-31&format=csv&by=ambassador',
    )
    const lines = byAmbassador.text.split('\r\n')
    expect(lines[0]).toBe(
      'ambassador_id,name,email,links,clicks,orders,clicked_orders,conversion_rate,revenue,refunded,commission',
    )
    expect(lines).toContain(`${ada.id},"Ada Lovelace, Countess",${ada.email},2,12,2,1,0.1667,80,10,7`)
    const byLink = await admin.get('/api/analytics/funnels?from=2026-07-01&to=2026-07-31&format=csv')
    expect(byLink.text.split('\r\n')).toContain(
      `${adaTea.id},ADATEA01,${ada.id},"Ada Lovelace, Countess",${adaTea.created_at},8,2,1,0.25,80,10,7`,
    )
    const quiet = await admin.get('/api/analytics/funnels?from=2026-07-04&to=2026-07-31&format=csv')
    // No clicks in the range: the conversion rate is an empty cell, not 0.
    expect(quiet.text.split('\r\n')).toContain(
      `${adaTea.id},ADATEA01,${ada.id},"Ada Lovelace, Countess",${adaTea.created_at},0,1,0,,30,10,2`,
    )
  })
})

describe('GET /api/analytics/events', () => {
  it('pages through the events kept, newest first, of one type when asked', async () => {
    const kept = []
    for (const day of ['2026-09-01', '2026-09-02', '2026-09-03']) {
      const { event } = await register(`${day}T12:00:00Z`, 'shopper')
      kept.push(event)
    }
    const first = await admin.get<AnalyticsEventPage>(
      '/api/analytics/events?type=user.registered&from=2026-09-01&to=2026-09-03&per_page=2',
    )
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ total: 3, page: 1, last_page: 2 })
    expect(first.body.data.map((e) => e.id)).toEqual([kept[2]?.id, kept[1]?.id])
    expect(first.body.data[0]).toMatchObject({ type: 'user.registered', occurred_at: '2026-09-03T12:00:00.000Z' })
    const second = await admin.get<AnalyticsEventPage>(
      '/api/analytics/events?type=user.registered&from=2026-09-01&to=2026-09-03&per_page=2&page=2',
    )
    expect(second.body.data.map((e) => e.id)).toEqual([kept[0]?.id])
    const none = await admin.get<AnalyticsEventPage>(
      '/api/analytics/events?type=order.completed&from=2026-09-01&to=2026-09-03',
    )
    expect(none.body).toEqual({
      data: [],
      total: 0,
      page: 1,
      last_page: 1,
      kept_since: '2025-12-18T12:00:00.000Z', // 90 days (the default ANALYTICS_EVENTS_RETENTION_DAYS) before today
    })
  })

  it('keeps no one-time sign-in link: its secret is for the recipient only', async () => {
    now = new Date('2026-09-10T12:00:00Z')
    const url = 'https://shop.example.com/sign-in?token=secret-one-time-token-0123456789'
    const data = {
      email: 'ada@example.com',
      first_name: 'Ada',
      role: 'shopper' as const,
      url,
      expires_at: '2026-09-10T12:15:00Z',
    }
    await platform.publish('user.sign_in_link_requested', 'ada@example.com', data)
    now = START
    const page = await admin.get<AnalyticsEventPage>('/api/analytics/events?from=2026-09-10&to=2026-09-10')
    expect(page.body.data).toEqual([expect.objectContaining({ type: 'user.sign_in_link_requested' })])
    expect(page.body.data[0]?.data).toEqual({
      email: 'ada@example.com',
      first_name: 'Ada',
      role: 'shopper',
      expires_at: '2026-09-10T12:15:00Z',
    })
    expect(page.text).not.toContain('secret-one-time-token')
  })

  it('exports a page as CSV with the data as JSON in one quoted field', async () => {
    const { event } = await register('2026-09-20T12:00:00Z', 'shopper', { first_name: 'Zed' })
    const csv = await admin.get('/api/analytics/events?from=2026-09-20&to=2026-09-20&format=csv')
    const [header, line, end] = csv.text.split('\r\n')
    expect(header).toBe('id,type,key,occurred_at,data')
    expect(end).toBe('')
    const prefix = `${event.id},user.registered,${event.key},2026-09-20T12:00:00.000Z,"`
    expect(line?.startsWith(prefix) && line.endsWith('"')).toBe(true)
    const data = line?.slice(prefix.length, -1) ?? ''
    expect(JSON.parse(data.replaceAll('""', '"'))).toEqual(event.data)
  })
})

describe('GET /api/analytics/health', () => {
  it('answers that its database, broker and cache answer, how many events are kept, and the last one applied and its age', async () => {
    now = new Date('2026-10-01T12:00:00Z')
    const user = userData({ role: 'shopper' })
    const event = await platform.publish('user.registered', user.id, user)
    now = new Date('2026-10-01T12:01:30Z')
    const health = await admin.get<AnalyticsHealth>('/api/analytics/health')
    now = START
    expect(health.status).toBe(200)
    const events = await admin.get<AnalyticsEventPage>('/api/analytics/events?per_page=1')
    expect(health.body).toMatchObject({
      service: 'analytics',
      status: 'ok',
      checks: { database: { ok: true }, broker: { ok: true }, cache: { ok: true } },
      events_stored: events.body.total,
      last_event: { id: event.id, type: 'user.registered', occurred_at: '2026-10-01T12:00:00.000Z', age_seconds: 90 },
    })
  })
})

describe('who may read analytics', () => {
  const routes = ['users/registered', 'revenue', 'events', 'funnels', 'health'].map((r) => `/api/analytics/${r}`)

  it.each(routes)('%s answers 401 to anyone not signed in and 403 to an ambassador or a shopper', async (route) => {
    expect((await testClient(platform.app).get(route)).status).toBe(401)
    const ambassador = await platform.signIn(userData({ role: 'ambassador' }))
    expect((await ambassador.get(route)).status).toBe(403)
    const shopper = await platform.signIn(userData({ role: 'shopper' }))
    expect((await shopper.get(`${route}?format=csv`)).status).toBe(403)
  })
})

describe('bad query strings', () => {
  it.each([
    ['/api/analytics/users/registered?from=2026-02-30', 'invalid_request'],
    ['/api/analytics/users/registered?to=yesterday', 'invalid_request'],
    ['/api/analytics/users/registered?interval=year', 'invalid_request'],
    ['/api/analytics/users/registered?from=2026-03-02&to=2026-03-01', 'invalid_range'],
    ['/api/analytics/users/registered?from=2025-01-01&to=2026-03-01', 'range_too_large'], // 425 days
    ['/api/analytics/users/registered?from=2000-01-01&to=2026-03-01&interval=month', 'range_too_large'], // 26 years
    ['/api/analytics/revenue?currency=dollars', 'invalid_request'],
    ['/api/analytics/revenue?format=xlsx', 'invalid_request'],
    ['/api/analytics/revenue?from=2026-03-10&to=2026-03-01&interval=week', 'invalid_range'],
    ['/api/analytics/events?type=order.exploded', 'invalid_request'],
    ['/api/analytics/events?page=0', 'invalid_request'],
    ['/api/analytics/events?per_page=1000', 'invalid_request'],
    ['/api/analytics/events?from=2026-03-02&to=2026-03-01', 'invalid_range'],
    ['/api/analytics/funnels?from=13/03/2026', 'invalid_request'],
    ['/api/analytics/funnels?by=product', 'invalid_request'],
  ])('%s → 400 %s', async (url, code) => {
    const answer = await admin.get<{ code: string; message: string }>(url)
    expect(answer.status).toBe(400)
    expect(answer.body.code).toBe(code)
    expect(answer.body.message).toEqual(expect.any(String))
  })
})
