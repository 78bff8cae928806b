import { fileURLToPath } from 'node:url'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { createLeaderboard } from '@ambassador/kit/leaderboard/leaderboard'
import { defineService } from '@ambassador/kit/service'
import { createClickRecorder, loadVisitorKey, visitorHasher } from './clicks/recorder.ts'
import { type ClickTracking, referralVisit } from './clicks/visit.ts'
import { consumers } from './consumers.ts'
import { createMaturityWorker } from './ledger/maturity.ts'
import { ambassadorRoutes } from './routes.ts'
import { tables, users } from './schema.ts'
import { type AmbassadorContext, rebuildRankings } from './stats.ts'

/**
 * Referral links, the catalog ambassadors pick from, per-link stats and the revenue rankings; the clicks on the links
 * (recorded when a link's page is opened in this process) and what they brought.
 */
export const ambassadorService = defineService<AmbassadorContext & ClickTracking>({
  name: 'ambassador',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: async (base) => ({
    ...base,
    leaderboard: await createLeaderboard(base.config, base.log, 'ambassador-revenue'),
    clicks: createClickRecorder({ db: base.db, outbox: base.outbox, log: base.log }),
    hashVisitor: visitorHasher(await loadVisitorKey(base.db, base.clock.now())),
  }),
  routes: ambassadorRoutes,
  sessionVersionOf: sessionVersionFrom(users),
  consumers,
  workers: [
    createMaturityWorker(),
    // Clicks wait in memory at most a second (a full batch goes at once).
    { name: 'record-clicks', intervalMs: 1_000, run: (ctx) => ctx.clicks.flush() },
  ],
  pageVisit: referralVisit,
  async start(ctx) {
    // The leaderboard may be empty (memory, a fresh Redis) or behind (increments lost in a crash): rebuild it.
    await rebuildRankings(ctx)
    ctx.leaderboard.onReconnect(async () => {
      await rebuildRankings(ctx)
    })
  },
  async stop(ctx) {
    await ctx.clicks.flush() // the clicks still queued (the HTTP server is closed: no more will come)
    await ctx.leaderboard.close()
  },
})

export { netCommissionByAmbassador, type RebuildReport, rebuildStatsFromLedger } from './ledger/rebuild.ts'
export { rebuildRankings } from './stats.ts'
