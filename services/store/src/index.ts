import { fileURLToPath } from 'node:url'
import { defineService } from '@ambassador/kit/service'
import { consumers } from './consumers.ts'
import { storeRoutes } from './routes.ts'
import { tables } from './schema.ts'

/** The shop front's catalog: shoppers search, filter and page through every active product. */
export const storeService = defineService({
  name: 'store',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: (base) => base,
  routes: storeRoutes,
  consumers,
})
