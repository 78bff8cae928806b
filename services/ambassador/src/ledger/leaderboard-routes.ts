import { AdminLeaderboard, AmbassadorLeaderboard, LeaderboardQuery } from '@ambassador/contracts/http'
import { badRequest } from '@ambassador/kit/errors/errors'
import { cachedReply } from '@ambassador/kit/http/cached-reply'
import { type HttpApp, mountUnder, principalOf } from '@ambassador/kit/http/server'
import type { ServiceContext } from '@ambassador/kit/service'
import {
  adminLeaderboard,
  ambassadorLeaderboard,
  LEADERBOARD_SCOPE,
  LEADERBOARD_TTL_SECONDS,
  periodBounds,
} from './leaderboards.ts'

/** Weekly, monthly and all-time boards on approved net commission: an ambassador's with their row, the admin's. */
export async function leaderboardRoutes(app: HttpApp, ctx: ServiceContext) {
  const tags = ['ledger']
  // The period's start is in the key: a board computed before midnight on Sunday is not served for the new week.
  const slot = (who: string, query: LeaderboardQuery) => {
    const period = query.period ?? 'week'
    const from = periodBounds(period, ctx.clock.now()).from?.toISOString() ?? 'all'
    return {
      scope: LEADERBOARD_SCOPE,
      key: `${who}:${period}:${from}:${query.limit}`,
      ttlSeconds: LEADERBOARD_TTL_SECONDS,
    }
  }

  await mountUnder(app, '/api/ambassador', (area) => {
    area.get(
      '/leaderboard',
      {
        config: { auth: 'ambassador' },
        schema: { tags, querystring: LeaderboardQuery, response: { 200: AmbassadorLeaderboard } },
        attachValidation: true,
      },
      (request, reply) => {
        refuseInvalidQuery(request.validationError)
        const { userId } = principalOf(request)
        const { period = 'week', limit = 10 } = request.query
        return cachedReply(ctx.cache, request, reply, slot(userId, request.query), () =>
          ambassadorLeaderboard(ctx, userId, period, limit),
        )
      },
    )
  })

  await mountUnder(app, '/api/admin', (area) => {
    area.get(
      '/leaderboard',
      {
        config: { auth: 'admin' },
        schema: { tags, querystring: LeaderboardQuery, response: { 200: AdminLeaderboard } },
        attachValidation: true,
      },
      (request, reply) => {
        refuseInvalidQuery(request.validationError)
        const { period = 'week', limit = 10 } = request.query
        return cachedReply(ctx.cache, request, reply, slot('admin', request.query), () =>
          adminLeaderboard(ctx, period, limit),
        )
      },
    )
  })
}

/**
 * The query's validation failure as a 400. The validator words a period outside the union as "must be equal to
 * constant"; this says which periods there are.
 */
function refuseInvalidQuery(error: Error | undefined) {
  if (!error) return
  const message = error.message.startsWith('period ') ? 'period must be week, month or all' : error.message
  throw badRequest(message, 'invalid_request')
}
