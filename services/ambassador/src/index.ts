import { fileURLToPath } from 'node:url'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { createLeaderboard } from '@ambassador/kit/leaderboard/leaderboard'
import { defineService } from '@ambassador/kit/service'
import { consumers } from './consumers.ts'
import { createMaturityWorker } from './ledger/maturity.ts'
import { ambassadorRoutes } from './routes.ts'
import { tables, users } from './schema.ts'
import { type AmbassadorContext, rebuildRankings } from './stats.ts'

/** Referral links, the catalog ambassadors pick from, per-link stats and the revenue rankings. */
export const ambassadorService = defineService<AmbassadorContext>({
  name: 'ambassador',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: async (base) => ({
    ...base,
    leaderboard: await createLeaderboard(base.config, base.log, 'ambassador-revenue'),
  }),
  routes: ambassadorRoutes,
  sessionVersionOf: sessionVersionFrom(users),
  consumers,
  workers: [createMaturityWorker()],
  async start(ctx) {
    // The leaderboard may be empty (memory, a fresh Redis) or behind (increments lost in a crash): rebuild it.
    await rebuildRankings(ctx)
    ctx.leaderboard.onReconnect(async () => {
      await rebuildRankings(ctx)
    })
  },
  stop: (ctx) => ctx.leaderboard.close(),
})

export { netCommissionByAmbassador, type RebuildReport, rebuildStatsFromLedger } from './ledger/rebuild.ts'
export { rebuildRankings } from './stats.ts'
