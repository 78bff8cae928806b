import { fileURLToPath } from 'node:url'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { defineService } from '@ambassador/kit/service'
import { consumers } from './consumers.ts'
import { analyticsHealth } from './health.ts'
import { pruneEventsWorker } from './retention.ts'
import { analyticsRoutes } from './routes.ts'
import { accounts, tables } from './schema.ts'

/** The business in numbers: every event kept, daily rollups of sign-ups, sales and referrals, reports for admins. */
export const analyticsService = defineService({
  name: 'analytics',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: (base) => base,
  routes: analyticsRoutes,
  sessionVersionOf: sessionVersionFrom(accounts),
  consumers,
  workers: [pruneEventsWorker],
  // The platform's health answer (database, broker, cache, event backlog) with how far analytics has got: admins only.
  health: { details: analyticsHealth, access: 'admin' },
})
