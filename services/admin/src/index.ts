import { fileURLToPath } from 'node:url'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { defineService, type ServiceContext } from '@ambassador/kit/service'
import { consumers } from './consumers.ts'
import { adminRoutes } from './routes.ts'
import { tables, users } from './schema.ts'

/** The store's back office: owns the product catalog and shows admins their ambassadors, links and orders. */
export const adminService = defineService<ServiceContext>({
  name: 'admin',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: (base) => base, // the kit's context is all it needs
  routes: adminRoutes,
  sessionVersionOf: sessionVersionFrom(users),
  consumers,
})
