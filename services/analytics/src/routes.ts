import {
  AnalyticsEventPage,
  EventsQuery,
  FunnelReport,
  FunnelsQuery,
  RegistrationsQuery,
  RegistrationsReport,
  RevenueQuery,
  RevenueReport,
} from '@ambassador/contracts/analytics'
import { type HttpApp, mountUnder } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import { EVENT_COLUMNS, pageOfEvents } from './event-log.ts'
import { FUNNEL_FIGURE_COLUMNS, funnelReport } from './funnels.ts'
import { reportRange } from './range.ts'
import { REGISTRATION_COLUMNS, registrationsReport } from './registrations.ts'
import { pick, sendCsv, wantsCsv } from './report-reply.ts'
import { REVENUE_COLUMNS, revenueReport } from './revenue.ts'

/** The business in numbers, from every event the platform published: admins only, each report also as CSV. */
export async function analyticsRoutes(app: HttpApp, ctx: ServiceContext) {
  const config = { auth: 'admin' } as const
  const tags = ['analytics']
  await mountUnder(app, '/api/analytics', (area) => {
    area.get(
      '/users/registered',
      { config, schema: { tags, querystring: RegistrationsQuery, response: { 200: RegistrationsReport } } },
      async (request, reply) => {
        const interval = request.query.interval ?? 'day'
        const range = reportRange(request.query, ctx.clock.now(), interval)
        const report = await registrationsReport(ctx, range, interval)
        if (!wantsCsv(request, request.query.format)) return report
        const name = `users-registered-${interval}-${range.from}-${range.to}`
        return sendCsv(reply, name, REGISTRATION_COLUMNS, pick(report.buckets, REGISTRATION_COLUMNS))
      },
    )

    area.get(
      '/revenue',
      { config, schema: { tags, querystring: RevenueQuery, response: { 200: RevenueReport } } },
      async (request, reply) => {
        const interval = request.query.interval ?? 'day'
        const range = reportRange(request.query, ctx.clock.now(), interval)
        const currency = (request.query.currency ?? ctx.config.currency).toUpperCase()
        const report = await revenueReport(ctx, range, interval, currency)
        if (!wantsCsv(request, request.query.format)) return report
        const name = `revenue-${currency}-${interval}-${range.from}-${range.to}`
        return sendCsv(reply, name, REVENUE_COLUMNS, pick(report.buckets, REVENUE_COLUMNS))
      },
    )

    area.get(
      '/events',
      { config, schema: { tags, querystring: EventsQuery, response: { 200: AnalyticsEventPage } } },
      async (request, reply) => {
        const page = await pageOfEvents(ctx, request.query)
        if (!wantsCsv(request, request.query.format)) return page
        const rows = page.data.map((event) => ({ ...event, data: JSON.stringify(event.data) }))
        return sendCsv(reply, `events-page-${page.page}`, EVENT_COLUMNS, pick(rows, EVENT_COLUMNS))
      },
    )

    area.get(
      '/funnels',
      { config, schema: { tags, querystring: FunnelsQuery, response: { 200: FunnelReport } } },
      async (request, reply) => {
        const range = reportRange(request.query, ctx.clock.now())
        const currency = (request.query.currency ?? ctx.config.currency).toUpperCase()
        const report = await funnelReport(ctx, range, currency)
        if (!wantsCsv(request, request.query.format)) return report
        const name = `funnels-${request.query.by ?? 'link'}-${currency}-${range.from}-${range.to}`
        if (request.query.by === 'ambassador') {
          const columns = ['ambassador_id', 'name', 'email', 'links', ...FUNNEL_FIGURE_COLUMNS]
          return sendCsv(reply, name, columns, pick(report.ambassadors, columns))
        }
        const columns = ['link_id', 'code', 'ambassador_id', 'ambassador', 'created_at', ...FUNNEL_FIGURE_COLUMNS]
        return sendCsv(reply, name, columns, pick(report.links, columns))
      },
    )
  })
}
