import {
  ClickHealth,
  ClickStats,
  ClickStatsQuery,
  IdParams,
  LinkFlags,
  LinkFlagsQuery,
} from '@ambassador/contracts/http'
import { type HttpApp, mountUnder, principalOf } from '@ambassador/kit/http/server'
import { Type } from 'typebox'
import { knownAmbassador } from '../ledger/routes.ts'
import type { AmbassadorContext } from '../stats.ts'
import { flaggedLinks } from './flags.ts'
import { clickStatsOf } from './stats.ts'
import type { ClickTracking } from './visit.ts'

/** Click stats: an ambassador's own, any ambassador's for an admin; and how the click recorder is doing. */
export async function clickRoutes(app: HttpApp, ctx: AmbassadorContext & ClickTracking) {
  const tags = ['clicks']
  await mountUnder(app, '/api/ambassador', (area) => {
    area.get(
      '/clicks/stats',
      { config: { auth: 'ambassador' }, schema: { tags, querystring: ClickStatsQuery, response: { 200: ClickStats } } },
      (request) => clickStatsOf(ctx, principalOf(request).userId, request.query),
    )
  })
  await mountUnder(app, '/api/admin', (area) => {
    const config = { auth: 'admin' as const }
    area.get(
      '/ambassadors/:id/clicks/stats',
      { config, schema: { tags, params: IdParams, querystring: ClickStatsQuery, response: { 200: ClickStats } } },
      async (request) => clickStatsOf(ctx, await knownAmbassador(ctx, request.params.id), request.query),
    )
    area.get(
      '/clicks/flags',
      { config, schema: { tags, querystring: LinkFlagsQuery, response: { 200: Type.Array(LinkFlags) } } },
      (request) => flaggedLinks(ctx, request.query.days ?? 7),
    )
    // What this process's recorder did since it started (in distributed mode: the ambassador process's).
    area.get('/clicks/health', { config, schema: { tags, response: { 200: ClickHealth } } }, () => ({
      tracking: ctx.config.clickTracking,
      ...ctx.clicks.counts(),
    }))
  })
}
