import { fileURLToPath } from 'node:url'
import { defineService } from '@ambassador/kit/service'
import { tables } from './schema.ts'

/** Product images: admins upload them, each is resized into WebP variants and served with long cache headers. */
export const mediaService = defineService({
  name: 'media',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  tables,
  context: (base) => base,
  routes: () => {},
})
