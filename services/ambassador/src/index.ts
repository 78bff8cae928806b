import { fileURLToPath } from 'node:url'
import { defineService, type ServiceContext } from '@ambassador/kit/service'
import { consumers } from './consumers.ts'
import { ambassadorRoutes } from './routes.ts'
import { tables } from './schema.ts'

/** Referral links, the catalog ambassadors pick from, per-link stats and the revenue rankings. */
export const ambassadorService = defineService<ServiceContext>({
  name: 'ambassador',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  routes: ambassadorRoutes,
  consumers,
})
