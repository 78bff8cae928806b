import {
  CreateLinkBody,
  DailyStats,
  DailyStatsQuery,
  Link,
  LinkStats,
  Product,
  ProductPage,
  ProductSearchQuery,
  Rankings,
} from '@ambassador/contracts/http'
import { cachedReply } from '@ambassador/kit/http/cached-reply'
import { type HttpApp, mountUnder, principalOf } from '@ambassador/kit/http/server'
import { Type } from 'typebox'
import { CATALOG_SCOPE, CATALOG_TTL_SECONDS, listProducts, searchKey, searchProducts } from './catalog.ts'
import { clickRoutes } from './clicks/routes.ts'
import type { ClickTracking } from './clicks/visit.ts'
import { explainRoutes } from './ledger/explain-routes.ts'
import { leaderboardRoutes } from './ledger/leaderboard-routes.ts'
import { ledgerRoutes } from './ledger/routes.ts'
import { createLink, listLinks } from './links.ts'
import { payoutRoutes } from './payouts/routes.ts'
import {
  type AmbassadorContext,
  dailyEarningsOf,
  linkStatsOf,
  RANKINGS_SCOPE,
  revenueRankings,
  statsScope,
} from './stats.ts'

/** A link with when it was made: what the ambassador web app lists (additive to the reference API). */
const OwnLinks = Type.Array(
  Type.Object({
    id: Type.String(),
    code: Type.String(),
    user_id: Type.String(),
    products: Type.Array(Product),
    created_at: Type.String(),
  }),
)

const catalogSlot = (key: string) => ({ scope: CATALOG_SCOPE, key, ttlSeconds: CATALOG_TTL_SECONDS })

/** The ambassador area: the catalog to pick from, links, their stats and the revenue rankings. */
export async function ambassadorRoutes(app: HttpApp, ctx: AmbassadorContext & ClickTracking) {
  const tags = ['ambassador']
  await mountUnder(app, '/api/ambassador', (area) => {
    area.get(
      '/products/frontend',
      { config: { auth: 'public' }, schema: { tags, response: { 200: Type.Array(Product) } } },
      (request, reply) => cachedReply(ctx.cache, request, reply, catalogSlot('all'), () => listProducts(ctx)),
    )

    area.get(
      '/products/backend',
      { config: { auth: 'public' }, schema: { tags, querystring: ProductSearchQuery, response: { 200: ProductPage } } },
      (request, reply) =>
        cachedReply(ctx.cache, request, reply, catalogSlot(searchKey(request.query)), () =>
          searchProducts(ctx, request.query),
        ),
    )

    area.post(
      '/links',
      { config: { auth: 'ambassador' }, schema: { tags, body: CreateLinkBody, response: { 201: Link } } },
      async (request, reply) => {
        const link = await createLink(ctx, {
          ambassadorId: principalOf(request).userId,
          productIds: request.body.products,
        })
        // The ambassador shares the link right away: make sure checkout knows it before answering.
        await ctx.outbox.flush()
        return reply.status(201).send(link)
      },
    )

    area.get('/links', { config: { auth: 'ambassador' }, schema: { tags, response: { 200: OwnLinks } } }, (request) =>
      listLinks(ctx, principalOf(request).userId),
    )

    area.get(
      '/stats',
      { config: { auth: 'ambassador' }, schema: { tags, response: { 200: LinkStats } } },
      (request, reply) => {
        const { userId } = principalOf(request)
        const slot = { scope: statsScope(userId), key: 'links', ttlSeconds: 300 }
        return cachedReply(ctx.cache, request, reply, slot, () => linkStatsOf(ctx, userId))
      },
    )

    area.get(
      '/stats/daily',
      { config: { auth: 'ambassador' }, schema: { tags, querystring: DailyStatsQuery, response: { 200: DailyStats } } },
      (request) => dailyEarningsOf(ctx, principalOf(request).userId, request.query.days ?? 30, request.query.code),
    )

    area.get(
      '/rankings',
      { config: { auth: 'ambassador' }, schema: { tags, response: { 200: Rankings } } },
      (request, reply) =>
        cachedReply(ctx.cache, request, reply, { scope: RANKINGS_SCOPE, key: 'all', ttlSeconds: 300 }, () =>
          revenueRankings(ctx),
        ),
    )
  })
  await ledgerRoutes(app, ctx)
  await explainRoutes(app, ctx)
  await leaderboardRoutes(app, ctx)
  await payoutRoutes(app, ctx)
  await clickRoutes(app, ctx)
}
