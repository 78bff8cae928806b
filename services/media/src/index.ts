import { fileURLToPath } from 'node:url'
import { sessionVersionFrom } from '@ambassador/kit/db/session-versions'
import { defineService } from '@ambassador/kit/service'
import { consumers } from './consumers.ts'
import type { MediaContext } from './images.ts'
import { mediaRoutes } from './routes.ts'
import { accounts, tables } from './schema.ts'
import { createStorage } from './storage/storage.ts'

/** Product images: admins upload them, each is resized into WebP variants and served with long cache headers. */
export const mediaService = defineService<MediaContext>({
  name: 'media',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: async (base) => ({ ...base, storage: await createStorage(base.config, base.log) }),
  routes: mediaRoutes,
  sessionVersionOf: sessionVersionFrom(accounts),
  consumers,
  stop: (ctx) => ctx.storage.close(),
})

export type { MediaContext } from './images.ts'
